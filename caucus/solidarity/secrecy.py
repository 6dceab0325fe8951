"""Whether public text of a protected case could identify the person (the Trust issue).

Protected mode does not redact: public text is written as public text, and any field that
could name the person is refused when it is saved (and withheld whole if stored before the
rule). A text is compared with every part of the secret (each word of the full name and of
the city) after this folding:

1. decoded as readers and their software may decode it: HTML entities (twice, for feed
   readers that decode titles), percent-encoding (three times), punycode host names, and for
   Markdown also the rendered text with its tags stripped;
2. folded: NFKC, invisible format characters dropped (zero-width joiners, soft hyphens), case
   folded, accents removed, letters that do not decompose spelled in ASCII (ı, ø, ł, ß …)
   and common Cyrillic and Greek look-alikes of Latin letters mapped to them;
3. cut into tokens: runs of letters and digits, their CamelCase parts (#FreeAliKaya), each
   whitespace-separated chunk with its punctuation removed (Kaplan_oğlu, K.a.p.l.a.n), and
   runs of single letters joined (K a p l a n);
4. a secret word of four letters or more matches any token that contains it (Kaplanoğlunun,
   #FreeKaplanoğlu, emre-kaplanoglu-eskisehir); a shorter one matches a whole token only, so
   "Ali" refuses "#FreeAli" but not "alive".

Nothing here says which word matched: callers refuse with one sentence for every field and
every guess (REFUSAL), so the check is no oracle for whoever reads the answer.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from caucus.lib.markdown import render_markdown

REFUSAL = _("This must not identify the protected person: write it as public text.")
CONTAINED_FROM = 4  # a secret word this long matches inside longer tokens
# Particles of names and places that are ordinary words in many languages.
PARTICLES = frozenset(
    "de la le el al da do di du des del della dos das van von der den ten ter bin ibn bint "
    "y e i a o of the and st san santa".split()
)
_ASCII = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ə": "e",
        "ſ": "s",
        # Cyrillic and Greek letters that pass for Latin ones.
        "а": "a",
        "е": "e",
        "ё": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ӏ": "l",
        "к": "k",
        "α": "a",
        "ο": "o",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)
_RUN = re.compile(r"[^\W_]+")
_PUNYCODE = re.compile(r"xn--[a-z0-9-]+", re.IGNORECASE)


@dataclass(frozen=True)
class Secret:
    contained: frozenset[str]  # matched inside any token
    whole: frozenset[str]  # matched as whole tokens only

    def __bool__(self) -> bool:
        return bool(self.contained or self.whole)


def fold(text: str) -> str:
    """Lower-case ASCII-leaning spelling of `text` (steps 2 of the module's docstring)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me", "Cf"))
    return unicodedata.normalize("NFKC", text.translate(_ASCII))


def _decoded(text: str) -> str:
    for _round in range(3):
        text = unquote(html.unescape(text), errors="replace")
    return _PUNYCODE.sub(_from_punycode, text)


def _from_punycode(found: re.Match) -> str:
    try:
        return found.group()[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return found.group()


def _camel_parts(run: str) -> list[str]:
    parts, start = [], 0
    for i in range(1, len(run)):
        if run[i - 1].islower() and run[i].isupper():
            parts.append(run[start:i])
            start = i
    return [*parts, run[start:]] if parts else []


def tokens(text: str) -> set[str]:
    """Every token a reader could see as a word of `text` (steps 1 to 3), folded."""
    text = "".join(
        c if c.isprintable() else " " if c.isspace() else ""
        for c in unicodedata.normalize("NFKC", _decoded(text))
    )
    found: set[str] = set()
    singles: list[str] = []
    for chunk in text.split():
        runs = _RUN.findall(chunk)
        for run in runs:
            found.update(fold(part) for part in (run, *_camel_parts(run)))
        joined = fold("".join(runs))
        found.add(joined)
        if len(joined) == 1:
            singles.append(joined)
        elif singles:
            found.add("".join(singles))
            singles = []
    found.add("".join(singles))
    found.discard("")
    return found


@lru_cache(maxsize=256)
def secret_of(*parts: str) -> Secret:
    """The words to refuse for a person's full name and city (and any other secret part)."""
    words: set[str] = set()
    for part in parts:
        folded = [fold(run) for run in _RUN.findall(unicodedata.normalize("NFKC", part))]
        # A particle is dropped inside a longer name only: the city of Van stays a secret.
        words.update(w for w in folded if len(folded) == 1 or w not in PARTICLES)
    words = {w for w in words if len(w) >= 2}
    return Secret(
        contained=frozenset(w for w in words if len(w) >= CONTAINED_FROM),
        whole=frozenset(w for w in words if len(w) < CONTAINED_FROM),
    )


def names_secret(secret: Secret, text: str, *, markdown: bool = False) -> bool:
    """Whether `text` (Markdown when `markdown`) could show any part of `secret`."""
    if not secret or not text:
        return False
    found = tokens(text)
    if markdown:
        found |= tokens(html.unescape(strip_tags(render_markdown(text))))
    if found & secret.whole:
        return True
    return any(word in token for token in found for word in secret.contained)
