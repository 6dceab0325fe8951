"""The catalogs hold exactly the strings the sources ask for: none missing, none left over.

test_catalogs.py checks each catalog against itself, against Spanish and against its compiled
file; none of that notices a gettext string added to the code after the last `make messages`
(three API refusals came out in English in every language that way). Here the Makefile's own
extraction runs for Spanish on a scratch copy of the sources, and the strings it finds are
compared with the committed Spanish catalog; the other languages must match Spanish entry for
entry (test_no_language_lags_behind_spanish).
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from caucus.public.tests.test_catalogs import REFERENCE, Entry, messages, parse_po

BASE_DIR = Path(settings.BASE_DIR)
# Left out of the copy: what the Makefile's --ignore flags leave out anyway, the catalogs
# (the scratch extraction must not merge into, or write over, the real ones) and caches.
NOT_COPIED = {".venv", "var", "test-artifacts", "locale", "node_modules"}


def makemessages_flags() -> list[str]:
    """The options of the Makefile's `messages` target, so this test extracts as it does."""
    for line in (BASE_DIR / "Makefile").read_text().splitlines():
        if "manage.py makemessages" in line:
            words = shlex.split(line.split("manage.py makemessages", 1)[1])
            return [w for w in words if w.startswith("--")]
    raise AssertionError("The Makefile has no `manage.py makemessages` line")


def key(entry: Entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def shown(keys: list[tuple[str, str, str]]) -> str:
    return "\n".join(
        f"  {f'[{context}] ' if context else ''}{msgid!r}{f' / {plural!r}' if plural else ''}"
        for context, msgid, plural in keys
    )


def _ignore(directory: str, names: list[str]) -> set[str]:
    top = Path(directory) == BASE_DIR
    return {
        name
        for name in names
        if name == "__pycache__" or (top and (name in NOT_COPIED or name.startswith(".")))
    }


def test_the_catalogs_hold_every_string_of_the_sources_and_no_other(tmp_path):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("xgettext (GNU gettext) is not installed: apt-get install gettext")
    flags = makemessages_flags()
    assert "--no-obsolete" in flags
    source = tmp_path / "src"
    shutil.copytree(BASE_DIR, source, ignore=_ignore, symlinks=True)
    (source / "locale").mkdir()
    # The copy's manage.py imports the copy's settings (its directory comes first on the
    # path), whose LOCALE_PATHS is the copy's empty locale/: the real catalogs are not touched.
    result = subprocess.run(  # noqa: S603 — this interpreter and the project's manage.py
        [sys.executable, "manage.py", "makemessages", "-l", REFERENCE, *flags],
        cwd=source,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    extracted_path = source / "locale" / REFERENCE / "LC_MESSAGES" / "django.po"
    extracted = {key(e) for e in parse_po(extracted_path) if e.msgid or e.msgctxt}
    committed = {key(e) for e in messages(REFERENCE)}
    assert extracted, "makemessages found no strings at all"
    missing, obsolete = sorted(extracted - committed), sorted(committed - extracted)
    assert not missing and not obsolete, (
        f"The catalogs are not in step with the sources: run `make messages`, translate what "
        f"is new in every language, and commit locale/.\n"
        f"In the sources, not in locale/{REFERENCE} ({len(missing)}):\n{shown(missing)}\n"
        f"In locale/{REFERENCE}, no longer in the sources ({len(obsolete)}):\n{shown(obsolete)}"
    )
