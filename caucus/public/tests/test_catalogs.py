"""Every interface language ships a complete, well-formed, compiled catalog in step with Spanish."""

import gettext
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
REFERENCE = "es"  # the catalog every other one must match entry for entry


def _arabic(n: int) -> int:
    if n in (0, 1, 2):
        return n
    if 3 <= n % 100 <= 10:
        return 3
    return 4 if n % 100 >= 11 else 5


# Which plural form each count takes in each language (the gettext formula; Spanish keeps two
# forms, not CLDR's third "million" form). A language added to LANGUAGES needs its row here: a
# wrong Plural-Forms header silently shows "1 results" or "5 result".
PLURAL_RULES = {
    "es": lambda n: int(n != 1),
    "tr": lambda n: int(n > 1),
    "ar": _arabic,
    "el": lambda n: int(n != 1),
    "it": lambda n: int(n != 1),
    "pt_BR": lambda n: int(n > 1),  # Brazilian Portuguese: 0 and 1 are singular
    "az": lambda n: int(n != 1),
}


@dataclass
class Entry:
    """One catalog entry, as much of it as these checks need."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")


def _unquote(literal: str) -> str:
    # A PO string literal uses C escapes; only these occur in gettext's output.
    body = literal[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (the header included, obsolete #~ entries left out)."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, _unquote(line))
        elif match := _KEYWORD.match(line):
            keyword, index, literal = match.groups()
            target = (keyword, int(index or 0))
            _append(entry, target, _unquote(literal), start=True)
    return entries


def _append(entry: Entry, target: tuple[str, int] | None, text: str, start: bool = False):
    keyword, index = target
    if keyword == "msgstr":
        entry.msgstr[index] = ("" if start else entry.msgstr.get(index, "")) + text
    else:
        current = None if start else getattr(entry, keyword)
        setattr(entry, keyword, (current or "") + text)


def catalog_path(code: str, suffix: str = "po") -> Path:
    return LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / f"django.{suffix}"


def header(entries: list[Entry]) -> dict[str, str]:
    text = next(e for e in entries if e.msgid == "" and e.msgctxt is None).msgstr[0]
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def messages(code: str) -> list[Entry]:
    return [e for e in parse_po(catalog_path(code)) if e.msgid or e.msgctxt]


def test_the_interface_is_offered_in_eight_languages():
    assert {code for code, _name in settings.LANGUAGES} == {
        "en", "es", "tr", "ar", "el", "it", "pt-br", "az",
    }  # fmt: skip


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_catalog_exists_with_its_compiled_file(code):
    assert catalog_path(code).is_file(), f"{catalog_path(code)} is missing: run make messages"
    assert catalog_path(code, "mo").is_file(), f"{catalog_path(code, 'mo')} is not compiled"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    entries = parse_po(catalog_path(code))
    nplurals = int(re.search(r"nplurals=(\d+)", header(entries)["Plural-Forms"]).group(1))
    untranslated, fuzzy = [], []
    for entry in entries:
        if entry.fuzzy:
            fuzzy.append(entry.msgid or "(the header)")
        forms = range(nplurals) if entry.msgid_plural else [0]
        if entry.msgid and not all(entry.msgstr.get(i, "").strip() for i in forms):
            untranslated.append(entry.msgid)
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy (Django skips them), e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_plural_forms_header_follows_the_grammar(code):
    locale = to_locale(code)
    assert locale in PLURAL_RULES, f"add the plural rule of {locale} to PLURAL_RULES"
    formula = header(parse_po(catalog_path(code)))["Plural-Forms"]
    plural = gettext.c2py(re.search(r"plural=(.*?);?$", formula).group(1))
    wrong = [n for n in range(0, 1001) if plural(n) != PLURAL_RULES[locale](n)]
    assert not wrong, f"{code}: '{formula}' picks the wrong form for n in {wrong[:10]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_msgfmt_accepts_the_catalog_and_its_formats(code):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed: apt-get install gettext")
    result = subprocess.run(  # noqa: S603 — msgfmt from PATH, our own file
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", catalog_path(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_file_matches_the_catalog(code):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed: apt-get install gettext")
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "django.mo"
        subprocess.run([msgfmt, "-o", fresh, catalog_path(code)], check=True)  # noqa: S603
        expected = gettext.GNUTranslations(fresh.open("rb"))._catalog
    committed = gettext.GNUTranslations(catalog_path(code, "mo").open("rb"))._catalog
    assert committed == expected, f"{code}: django.mo is stale; run make messages and commit it"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != REFERENCE])
def test_no_language_lags_behind_spanish(code):
    def keys(language: str) -> set[tuple[str | None, str]]:
        return {(e.msgctxt, e.msgid) for e in messages(language)}

    missing, extra = keys(REFERENCE) - keys(code), keys(code) - keys(REFERENCE)
    assert not missing, f"{code} lacks {len(missing)} entries of {REFERENCE}: {sorted(missing)[:5]}"
    assert not extra, f"{code} has {len(extra)} entries {REFERENCE} lacks: {sorted(extra)[:5]}"
