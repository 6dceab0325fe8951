"""ISO 3166 countries and ISO 639-1 languages, named in the reader's language."""

import functools
import gettext

import pycountry
from django.utils.translation import get_language


@functools.cache
def _catalog(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _translate(domain: str, name: str) -> str:
    language = (get_language() or "en").split("-")[0]
    return _catalog(domain, language).gettext(name)


@functools.cache
def _country_names() -> dict[str, str]:
    return {c.alpha_2: c.name for c in pycountry.countries}


@functools.cache
def _language_names() -> dict[str, str]:
    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


COUNTRY_CODES = frozenset(_country_names())
LANGUAGE_CODES = frozenset(_language_names())


def country_name(code: str) -> str:
    name = _country_names().get(code.upper())
    return _translate("iso3166-1", name) if name else code


def language_name(code: str) -> str:
    name = _language_names().get(code.lower())
    return _translate("iso639-3", name) if name else code


def country_choices() -> list[tuple[str, str]]:
    return sorted(((code, country_name(code)) for code in COUNTRY_CODES), key=lambda c: c[1])


def language_choices() -> list[tuple[str, str]]:
    return sorted(((code, language_name(code)) for code in LANGUAGE_CODES), key=lambda c: c[1])
