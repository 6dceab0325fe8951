"""Feeds of translated content: Atom with hreflang alternates, and the language a feed is in.

A feed is per language only when its address asks (`?lang=xx`); its entries then carry the
translation of each item where one exists, and every translation of an item is linked as an
alternate (`<link rel="alternate" hreflang="xx">`), for the feed and for each entry.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from caucus.lib.translations import base_code, is_language

# Django's Feed hooks see the object or the item, never the request: the language the
# request asked for is kept here while one feed is built (per thread and task, never shared).
_asked: ContextVar[str] = ContextVar("feed_language", default="")


def feed_language(request: HttpRequest) -> str:
    """The language a feed's address asks for (?lang=xx), or "" for the original texts."""
    asked = request.GET.get("lang", "")[:8]
    return asked if is_language(asked) else ""


def interface_language(code: str) -> str:
    """The interface language a content language is read in ("pt" → "pt-br"), or "" when
    the interface has none."""
    wanted = base_code(code)
    return next((ui for ui, _name in settings.LANGUAGES if base_code(ui) == wanted), "")


@contextmanager
def in_feed_language(request: HttpRequest) -> Iterator[None]:
    """Builds a feed or a calendar whose own words (its title, the calendar's name, labels)
    are in the language its address asks for (?lang=, issue 16) when the interface has it,
    else in the reader's (cookie, Accept-Language)."""
    ui = interface_language(feed_language(request))
    with translation.override(ui or translation.get_language()):
        yield


def in_feed_language_view(view: Callable) -> Callable:
    """A calendar or feed view built in_feed_language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with in_feed_language(request):
            return view(request, *args, **kwargs)

    return wrapped


def asked_language() -> str:
    """Inside a LanguageFeedMixin's hooks: the language its address asked for, or ""."""
    return _asked.get()


class LanguageFeedMixin:
    """For a Feed whose items may be shown in the language ?lang= asks for."""

    def __call__(self, request, *args, **kwargs):
        # The whole response, so lazy labels are written in the feed's language too.
        with in_feed_language(request):
            return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        token = _asked.set(feed_language(request))
        try:
            return super().get_feed(obj, request)
        finally:
            _asked.reset(token)


def reading_alternates(reading) -> list[tuple[str, str]]:
    """The feed-level alternates of what a Reading reads (a campaign, a case): the page in each
    language it has, or none when it has only one."""
    links = reading.links
    return [(link.code, link.absolute) for link in links if len(links) > 1]


class AlternatesAtomFeed(Atom1Feed):
    """Atom whose feed and entries may list `alternates`: [(language, absolute url)]."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for language, href in self.feed.get("alternates") or []:
            handler.addQuickElement(
                "link", "", {"rel": "alternate", "hreflang": language, "href": href}
            )

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for language, href in item.get("alternates") or []:
            handler.addQuickElement(
                "link", "", {"rel": "alternate", "hreflang": language, "href": href}
            )
