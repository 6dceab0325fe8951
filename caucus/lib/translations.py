"""Pure helpers for content in many languages: names, direction, staleness hashes, choice.

Content languages are ISO 639-1 codes ("el", "pt"); the interface's codes may carry a region
("pt-br"), which content matching reduces to its base. The models and views that use these
live in caucus/translations/.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

from caucus.lib.countries import LANGUAGE_CODES, language_name

# Each language in its own name (CLDR's), so a reader finds theirs whatever the interface
# speaks; ISO reference names ("Modern Greek (1453-)") are only the fallback (ux review #10).
ENDONYMS = {
    "af": "Afrikaans", "am": "አማርኛ", "ar": "العربية", "az": "Azərbaycanca", "be": "Беларуская",
    "bg": "Български", "bn": "বাংলা", "bs": "Bosanski", "ca": "Català", "cs": "Čeština",
    "cy": "Cymraeg", "da": "Dansk", "de": "Deutsch", "el": "Ελληνικά", "en": "English",
    "eo": "Esperanto", "es": "Español", "et": "Eesti", "eu": "Euskara", "fa": "فارسی",
    "fi": "Suomi", "fr": "Français", "ga": "Gaeilge", "gl": "Galego",
    "gu": "ગુજરાતી", "ha": "Hausa", "he": "עברית", "hi": "हिन्दी", "hr": "Hrvatski",
    "hu": "Magyar", "hy": "Հայերեն", "id": "Bahasa Indonesia", "ig": "Igbo", "is": "Íslenska",
    "it": "Italiano", "ja": "日本語", "ka": "ქართული", "kk": "Қазақ тілі", "km": "ខ្មែរ",
    "kn": "ಕನ್ನಡ", "ko": "한국어", "ku": "Kurdî", "ky": "Кыргызча", "lo": "ລາວ",
    "lt": "Lietuvių", "lv": "Latviešu", "mk": "Македонски", "ml": "മലയാളം", "mn": "Монгол",
    "mr": "मराठी", "ms": "Bahasa Melayu", "mt": "Malti", "my": "မြန်မာ", "nb": "Norsk bokmål",
    "ne": "नेपाली", "nl": "Nederlands", "no": "Norsk", "pa": "ਪੰਜਾਬੀ", "pl": "Polski",
    "ps": "پښتو", "pt": "Português", "qu": "Runasimi", "ro": "Română", "ru": "Русский",
    "si": "සිංහල", "sk": "Slovenčina", "sl": "Slovenščina", "so": "Soomaali", "sq": "Shqip",
    "sr": "Српски", "sv": "Svenska", "sw": "Kiswahili", "ta": "தமிழ்", "te": "తెలుగు",
    "tg": "Тоҷикӣ", "th": "ไทย", "tk": "Türkmençe", "tl": "Tagalog", "tr": "Türkçe",
    "ug": "ئۇيغۇرچە", "uk": "Українська", "ur": "اردو", "uz": "Oʻzbekcha", "vi": "Tiếng Việt",
    "wo": "Wolof", "xh": "isiXhosa", "yi": "ייִדיש", "yo": "Yorùbá", "zh": "中文", "zu": "isiZulu",
}  # fmt: skip

# Written right to left; everything else we meet is left to right.
RTL = frozenset({"ar", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


def base_code(code: str) -> str:
    """ "pt-br" → "pt": the content language an interface language asks for."""
    return (code or "").split("-")[0].split("_")[0].lower()


def is_language(code: str) -> bool:
    """An ISO 639-1 code, as content languages are stored."""
    return code in LANGUAGE_CODES


def endonym(code: str) -> str:
    """The language's name in itself, else its ISO name in the reader's language."""
    return ENDONYMS.get(code) or language_name(code)


def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language for a select: its own name first, the reader's after it
    ("Ελληνικά (Greek)"), sorted as the reader's names are."""
    reader = base_code(get_language() or "")
    choices = []
    for code in LANGUAGE_CODES:
        own = ENDONYMS.get(code)
        # ISO's qualifiers ("Modern Greek (1453-)") tell a reader nothing.
        theirs = re.sub(r"\s*\(.*\)$", "", language_name(code))
        label = f"{own} ({theirs})" if own and own != theirs and code != reader else own or theirs
        choices.append((code, label, theirs))
    return [(code, label) for code, label, _key in sorted(choices, key=lambda c: c[2])]


def direction(code: str) -> str:
    return "rtl" if base_code(code) in RTL else "ltr"


def _normalized(text: str) -> str:
    lines = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def text_hash(text: str) -> str:
    """A short fingerprint of one source text; spacing at line ends does not count."""
    return hashlib.sha256(_normalized(text).encode()).hexdigest()[:16]


def text_hashes(texts: Mapping[str, str]) -> dict[str, str]:
    return {key: text_hash(value) for key, value in texts.items()}


def stale_keys(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """The source texts changed since a translation was made: changed or added since.

    `recorded` holds the hashes taken when the translation was saved, `current` the texts
    now. A text removed from the source since (a demand deleted) does not make it stale.
    """
    return [
        key
        for key, text in current.items()
        if (text or "").strip() and recorded.get(key) != text_hash(text)
    ]


@dataclass(frozen=True)
class Preference:
    """What a reader asked for (the first of ?lang=, the language cookie, Accept-Language)
    and the languages they would accept, in order."""

    first: str
    accepted: tuple[str, ...]


def reader_preference(*, asked: str, cookie: str, accept_language: str) -> Preference:
    """The reader's languages as base codes, best first; unknown codes are skipped."""
    order: list[str] = []
    for code in (asked, cookie):
        if code and is_language(base_code(code)) and base_code(code) not in order:
            order.append(base_code(code))
    for code, _quality in parse_accept_lang_header((accept_language or "")[:200])[:8]:
        base = base_code(code)
        if is_language(base) and base not in order:
            order.append(base)
    return Preference(first=order[0] if order else "", accepted=tuple(order))


def choose(preference: Preference, original: str, available: Iterable[str]) -> str:
    """The language to show: the reader's first one the content exists in, else the original.

    An explicit ?lang= outranks everything (it is first in the preference).
    """
    choices = {*available, original}
    for code in preference.accepted:
        if code in choices:
            return code
    return original
