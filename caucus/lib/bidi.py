"""Names, titles, hashtags and times isolated inside a sentence (issue 14).

On an Arabic page, "Sign for Federación de Trabajadores Unidos (FETRAU)." is one paragraph to
the Unicode bidirectional algorithm: without isolation the Latin name's parenthesis and the
sentence's full stop move to the wrong end. <bdi> (dir="auto" by default) lays the name out by
its own script and keeps the sentence around it in the page's order.

Templates use the `bdi` filter of the `langs` library ({% blocktranslate with org=org.name|bdi
%}); Python that builds a sentence shown as HTML (confirmation pages, flash messages, audit-log
lines) uses `sentence()`, which escapes the message and every name.
"""

import unicodedata
from collections.abc import Mapping

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language_bidi

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate


def isolate(value: object) -> SafeString:
    """`value`, escaped (unless it is already safe HTML), inside a <bdi>; nothing if empty."""
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", value)


def isolated(value: object) -> object:
    """`value` for a sentence: a number (or a string of digits) as it is, since digits keep
    their order, and so is safe HTML (a label in the reader's language, already escaped);
    anything else isolated."""
    if isinstance(value, int | float | SafeData) or (isinstance(value, str) and value.isdigit()):
        return value
    return isolate(value)


def sentence(message: str, names: Mapping[str, object]) -> SafeString:
    """`message % names` as HTML: the (translated) message escaped, each name isolated.

    A value that is already safe HTML (a link, an isolated name) goes in as it is.
    """
    values = {key: isolated(value) for key, value in names.items()}
    return mark_safe(str(conditional_escape(message)) % values)  # noqa: S308 — all escaped


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def isolate_text(value: object) -> str:
    """`value` for a plain-text email or message (no markup, so no <bdi>): inside Unicode
    isolates (FSI … PDI), which mail clients lay out as <bdi>.

    Only where a name can move: in a right-to-left language (any name may scramble the
    sentence around it) or when the name itself has right-to-left letters (an Arabic
    coalition in an English sentence). A Latin name in a left-to-right email cannot reorder
    anything, so it is left alone rather than given invisible characters that some old mail
    clients draw as boxes."""
    if value is None or value == "":
        return ""
    text = str(value)
    if get_language_bidi() or _has_rtl(text):
        return f"{FSI}{text}{PDI}"
    return text
