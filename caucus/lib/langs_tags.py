"""Template library `langs` (settings.TEMPLATES): content in another language than the page's.

<article {{ statement.language|lang_dir }}>   lang="en" dir="ltr" (or rtl for Arabic, ...)
{{ names|join_list }}                         "a, b, c"; "a، b، c" on an Arabic page
{% comma %}                                   that separator, between two items
{{ "el"|endonym }}                            "Ελληνικά": a language in its own name
{{ "TR"|country_name }}                       "Türkiye", in the page's language
{% blocktranslate with org=org.name|bdi %}     a name, hashtag or time isolated in a sentence
{% blocktranslate with org=org.name|bdi_text %} the same in a plain-text email or attribute
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from caucus.lib import countries, translations
from caucus.lib.bidi import isolate, isolate_text
from caucus.lib.translations import direction

register = template.Library()

# Languages whose lists are separated by the Arabic comma (U+060C).
ARABIC_COMMA_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "sd", "ug"})


def separator(language: str | None = None) -> str:
    code = translations.base_code(language or get_language() or "en")
    return "، " if code in ARABIC_COMMA_LANGUAGES else ", "


@register.filter
def lang_dir(code: str | None) -> SafeString:
    """The attributes of an element whose content is in `code`: lang and its direction, so an
    English paragraph on an Arabic page keeps its full stop at its end."""
    if not code:
        return mark_safe("")  # noqa: S308 — constant
    return format_html('lang="{}" dir="{}"', code, direction(code))


@register.filter
def text_dir(code: str | None) -> str:
    return direction(code or get_language() or "en")


@register.simple_tag
def comma() -> str:
    """The separator between two items of a run-in list, in the page's language."""
    return separator()


@register.filter(needs_autoescape=True)
def join_list(items, autoescape: bool = True) -> SafeString:
    """Items joined with the page language's separator, each escaped."""
    escape = conditional_escape if autoescape else str
    return mark_safe(separator().join(str(escape(item)) for item in items))  # noqa: S308


@register.filter(needs_autoescape=True)
def bdi(value, autoescape: bool = True) -> SafeString:
    """`value` isolated from the text around it (<bdi>), so a Latin name, a hashtag or a time
    inside an Arabic sentence keeps its own order; for placeholders of {% blocktranslate %}
    (caucus/lib/bidi.py)."""
    if not autoescape and value is not None:
        value = mark_safe(str(value))  # noqa: S308 — {% autoescape off %}: text as it is
    return isolate(value)


@register.filter
def bdi_text(value) -> str:
    """`value` inside Unicode isolates where it could move (caucus/lib/bidi.py isolate_text):
    for plain-text emails and for attributes (title=, aria-label=, alt=), which cannot hold a
    <bdi>. Still escaped by autoescaping where that is on. A list of names is joined with the
    language's separator, each name isolated."""
    if isinstance(value, list | tuple):
        return separator().join(isolate_text(item) for item in value)
    return isolate_text(value)


@register.filter
def bdi_list(items) -> SafeString:
    """Names joined with the page language's separator, each in a <bdi> (HTML emails)."""
    return mark_safe(separator().join(str(isolate(item)) for item in items))  # noqa: S308


@register.filter
def endonym(code: str | None) -> str:
    return translations.endonym(code) if code else ""


@register.filter
def country_name(code: str | None) -> str:
    return countries.country_name(code) if code else ""
