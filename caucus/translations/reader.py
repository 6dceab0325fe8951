"""The reader's side: which language a page's content is shown in, and the content in it.

One resolver for every page with translated content (statements, campaigns, cases, topics,
coalitions, organizations): ?lang= first, then the language cookie, then Accept-Language,
else the content's own language (caucus/lib/translations.py). The page gets a Reading: the
language shown and its direction, the other languages with their endonyms and addresses (for
the switcher and the hreflang links, templates/translations/_languages.html and _head.html),
and whether the reader is getting a fallback ("Not yet available in Ελληνικά — showing
English").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from caucus.lib.markdown import render_markdown
from caucus.lib.translations import (
    Preference,
    choose,
    direction,
    endonym,
    reader_preference,
)
from caucus.lib.urls import absolute_url
from caucus.translations.models import ContentTranslation


def preference(request: HttpRequest, *, explicit_only: bool = False) -> Preference:
    """The reader's languages; feeds and calendars take only ?lang= (explicit_only), so a
    subscription's address alone says what it carries, whoever polls it."""
    if explicit_only:
        return reader_preference(
            asked=request.GET.get("lang", "")[:16], cookie="", accept_language=""
        )
    return reader_preference(
        asked=request.GET.get("lang", "")[:16],
        cookie=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:16],
        accept_language=request.headers.get("Accept-Language", ""),
    )


def language_url(path: str, code: str) -> str:
    return f"{path}?lang={code}"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the endonym
    href: str
    dir: str
    current: bool

    @property
    def absolute(self) -> str:
        return absolute_url(self.href)


@dataclass
class Reading:
    """The content of one page in the reader's language (or the nearest we have)."""

    original: str
    language: str
    wanted: str  # the reader's first language ("" when they expressed none)
    translation: ContentTranslation | None
    path: str = ""  # the page without ?lang=: the x-default of the hreflang links
    links: list[LanguageLink] = field(default_factory=list)

    @property
    def absolute(self) -> str:
        return absolute_url(self.path)

    @property
    def query(self) -> str:
        """ "?lang=xx" when reading a translation: for links to this content's feeds."""
        return f"?lang={self.language}" if self.translation else ""

    @property
    def url(self) -> str:
        """This page in the language shown (what to share or link)."""
        return self.path + self.query

    @property
    def dir(self) -> str:
        return direction(self.language)

    @property
    def name(self) -> str:
        return endonym(self.language)

    @property
    def fallback(self) -> bool:
        """The reader asked for a language this content is not (yet) in."""
        return bool(self.wanted) and self.wanted != self.language

    @property
    def wanted_name(self) -> str:
        return endonym(self.wanted)

    @property
    def stale(self) -> bool:
        return self.translation is not None and self.translation.is_stale

    def text(self, key: str, original: str) -> str:
        """The translated text for `key`, else the original's (nothing vanishes)."""
        if self.translation is None:
            return original
        return self.translation.text(key) or original

    def localize(self, obj: Any, prefix: str = "", **fields: str) -> Any:
        """`obj` with the texts of `fields` ({attribute: key}) in the reading's language."""
        if self.translation is None:
            return obj
        texts = {name: self.text(prefix + key, getattr(obj, name)) for name, key in fields.items()}
        for source_name, html_name in getattr(obj, "MARKDOWN_FIELDS", {}).items():
            if source_name in texts:
                texts[html_name] = mark_safe(render_markdown(texts[source_name]))  # noqa: S308
        return Localized(obj, texts)

    def localize_rows(self, rows: Iterable[Any], group: str, attribute: str) -> list[Any]:
        """Related rows (demands, days...) whose `attribute` is keyed "<group>.<pk>"."""
        return [self.localize(row, f"{group}.{row.pk}", **{attribute: ""}) for row in rows]


class Localized:
    """A read-only stand-in for a model instance whose texts are translated; anything else
    comes from the instance. For templates only: never save or query with it."""

    def __init__(self, obj: Any, texts: dict[str, str]):
        self._obj = obj
        self._texts = texts

    def __getattr__(self, name: str) -> Any:
        texts = self.__dict__.get("_texts", {})
        if name in texts:
            return texts[name]
        return getattr(self.__dict__["_obj"], name)

    def __str__(self) -> str:
        return str(self._obj)


def read(
    request: HttpRequest,
    *,
    original: str,
    translations: Sequence[ContentTranslation],
    path: str,
    explicit_only: bool = False,
) -> Reading:
    """The Reading of content in `original` with these `translations`, at `path`."""
    return _reading(
        preference(request, explicit_only=explicit_only),
        original=original,
        translations=translations,
        path=path,
    )


def read_for(
    language: str,
    *,
    original: str,
    translations: Sequence[ContentTranslation],
    path: str,
) -> Reading:
    """The Reading for someone whose language is known without a request (an email's
    recipient, by the language they used): as ?lang=`language` would give them."""
    return _reading(
        reader_preference(asked=language or "", cookie="", accept_language=""),
        original=original,
        translations=translations,
        path=path,
    )


def _reading(
    wanted: Preference,
    *,
    original: str,
    translations: Sequence[ContentTranslation],
    path: str,
) -> Reading:
    by_language = {t.language: t for t in translations}
    language = choose(wanted, original, by_language)
    codes = [original, *sorted(code for code in by_language if code != original)]
    links = [
        LanguageLink(
            code, endonym(code), language_url(path, code), direction(code), code == language
        )
        for code in codes
    ]
    return Reading(
        original=original,
        language=language,
        wanted=wanted.first,
        translation=by_language.get(language),
        path=path,
        links=links,
    )
