"""ISO 3166 countries and ISO 639-1 languages, named and sorted as the reader's language does.

Country names are the short ones people use ("Bolivia", "South Korea", "Türkiye"), not ISO's
official forms ("Bolivia, Plurinational State of", "Korea, Republic of", "Taiwan, Province of
China"), which read as officialese or take sides in an international movement. pycountry's
catalogs translate most of them; where a catalog lacks the short name, the official one is
cut to its first part, and where that would mislead ("Corea" for both Koreas) or a catalog
lacks the country (Arabic "Türkiye"), a small table per language says it.

Sorting follows the reader's alphabet with a simple key (accents folded, Turkish and
Azerbaijani letters after their base letter, Spanish "ñ" after "n"): `locale.strxfrm` is
process-wide and depends on the machine's locales, and PyICU is a heavy native dependency for
a list of 250 names.
"""

import functools
import gettext
import re
import unicodedata
from pathlib import Path

import pycountry
from django.utils.translation import get_language

# English short names where pycountry's official name is officialese and has no common_name.
SHORT = {
    "BN": "Brunei",
    "BQ": "Caribbean Netherlands",
    "CC": "Cocos Islands",
    "CD": "DR Congo",
    "CG": "Congo",
    "CV": "Cape Verde",
    "CZ": "Czechia",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "SX": "Sint Maarten",
    "US": "United States",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}
# Per language, where the catalog and the cut official name are wrong or missing.
OVERRIDES = {
    "es": {
        "KR": "Corea del Sur",
        "KP": "Corea del Norte",
        "RU": "Rusia",
        "CD": "RD del Congo",
        "LA": "Laos",
        "BN": "Brunéi",
        "KM": "Comoras",
        "DZ": "Argelia",
    },
    "tr": {
        "KR": "Güney Kore",
        "KP": "Kuzey Kore",
        "RU": "Rusya",
        "CD": "Kongo DC",
        "MD": "Moldova",
        "PS": "Filistin",
        "VE": "Venezuela",
        "LA": "Laos",
        "BN": "Brunei",
        "FM": "Mikronezya",
    },
    "ar": {
        "TR": "تركيا",
        "KR": "كوريا الجنوبية",
        "KP": "كوريا الشمالية",
        "RU": "روسيا",
        "VN": "فيتنام",
        "CD": "الكونغو الديمقراطية",
        "IR": "إيران",
        "PS": "فلسطين",
        "TW": "تايوان",
        "MD": "مولدوفا",  # pycountry's Arabic catalog names it "the Maldives"
        "SY": "سوريا",
        "LA": "لاوس",
        "BN": "بروناي",
        "FM": "ميكرونيزيا",
        "SH": "سانت هيلينا",
        "VI": "جزر فيرجن الأمريكية",
    },
    "el": {
        "TR": "Τουρκία",
        "KR": "Νότια Κορέα",
        "KP": "Βόρεια Κορέα",
        "RU": "Ρωσία",
        "CD": "ΛΔ του Κονγκό",
        "SY": "Συρία",
        "LA": "Λάος",
        "BN": "Μπρουνέι",
    },
    "it": {"KP": "Corea del Nord", "CD": "RD del Congo"},
    "pt_BR": {
        "KR": "Coreia do Sul",
        "KP": "Coreia do Norte",
        "RU": "Rússia",
        "CD": "RD do Congo",
        "LA": "Laos",
    },
    "pt": {"KR": "Coreia do Sul", "KP": "Coreia do Norte", "RU": "Rússia", "CD": "RD do Congo"},
    "az": {
        "KR": "Cənubi Koreya",
        "KP": "Şimali Koreya",
        "RU": "Rusiya",
        "IR": "İran",
        "VN": "Vyetnam",
        "TW": "Tayvan",
        "PS": "Fələstin",
        "MD": "Moldova",
        "CZ": "Çexiya",
        "GB": "Birləşmiş Krallıq",
        "SY": "Suriya",
        "LA": "Laos",
        "CD": "Konqo DR",
        "FM": "Mikroneziya",
        "TZ": "Tanzaniya",
        "VA": "Vatikan",
    },
}
# Letters that follow their base letter in the reader's alphabet (see _sort_key).
AFTER = {
    "tr": {"ç": "c", "ğ": "g", "ı": "h", "ö": "o", "ş": "s", "ü": "u"},
    "az": {"ç": "c", "ğ": "g", "ı": "h", "ö": "o", "ş": "s", "ü": "u", "ə": "e"},
    "es": {"ñ": "n"},
}
ARABIC_ALIFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def _locales(language: str | None = None) -> list[str]:
    """Catalog names for `language`, the full locale first: "pt-br" → ["pt_BR", "pt"]."""
    code = (language or get_language() or "en").replace("-", "_")
    head, _sep, region = code.partition("_")
    full = f"{head.lower()}_{region.upper()}" if region else head.lower()
    return [full, head.lower()] if region else [full]


@functools.cache
def _catalog(domain: str, locale: str) -> gettext.NullTranslations:
    """One locale's catalog alone: gettext.translation would chain pt_BR to pt by itself."""
    path = Path(pycountry.LOCALES_DIR) / locale / "LC_MESSAGES" / f"{domain}.mo"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as mo:
        return gettext.GNUTranslations(mo)


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    """code → (official name, short English name)."""
    return {
        c.alpha_2: (c.name, SHORT.get(c.alpha_2) or getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    }


@functools.cache
def _language_names() -> dict[str, str]:
    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


COUNTRY_CODES = frozenset(_countries())
LANGUAGE_CODES = frozenset(_language_names())


def _cut(official: str) -> str:
    """ "Bolivia, Estado plurinacional de" → "Bolivia"; "Cocos (Keeling) Islands" unchanged."""
    return official.split(", ")[0].strip() or official


def country_name(code: str, language: str | None = None) -> str:
    """The country's short name in `language` (default: the active one).

    Each catalog is asked alone, the full locale's first: pt_BR's official "Irã, República
    Islâmica do" beats pt's short "Irão".
    """
    names = _countries().get((code or "").upper())
    if names is None:
        return code
    official, short = names
    for locale in _locales(language):
        override = OVERRIDES.get(locale, {}).get(code.upper())
        if override:
            return override
        if locale == "en":
            return short
        catalog = _catalog("iso3166-1", locale)
        if (translated := catalog.gettext(short)) != short:
            return translated
        if (translated := catalog.gettext(official)) != official:
            return _cut(translated) if short != official else translated
    return short


def language_name(code: str, language: str | None = None) -> str:
    """The language's ISO name in `language`, without ISO's qualifiers ("Modern Greek (1453-)"
    → "Modern Greek"). caucus/lib/translations.py's `endonym` names it in itself."""
    name = _language_names().get((code or "").lower())
    if not name:
        return code
    for locale in _locales(language):
        if (translated := _catalog("iso639-3", locale).gettext(name)) != name:
            return re.sub(r"\s*\(.*\)$", "", translated)
    return re.sub(r"\s*\(.*\)$", "", name)


def sort_key(text: str, language: str | None = None) -> str:
    """A key that sorts `text` as the reader's alphabet does (an approximation good for names
    of countries and languages): accents folded except the letters of the alphabet itself."""
    base = (language or get_language() or "en").lower().split("-")[0].split("_")[0]
    after = AFTER.get(base, {})
    if base in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    out = []
    for char in text.lower().translate(ARABIC_ALIFS):
        if char in after:
            out.append(after[char] + "~")  # "~" sorts after every letter
            continue
        folded = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in folded if not unicodedata.combining(c)))
    return "".join(out).casefold()


def country_choices(*, blank: str | None = None) -> list[tuple[str, str]]:
    """Every country for a select, sorted in the reader's alphabet; `blank` (e.g. "—") puts an
    empty choice first, so a form never defaults to the first country."""
    language = get_language()
    names = [(code, country_name(code, language)) for code in COUNTRY_CODES]
    names.sort(key=lambda c: sort_key(c[1], language))
    return [("", blank), *names] if blank is not None else names


def language_choices() -> list[tuple[str, str]]:
    language = get_language()
    names = [(code, language_name(code, language)) for code in LANGUAGE_CODES]
    return sorted(names, key=lambda c: sort_key(c[1], language))
