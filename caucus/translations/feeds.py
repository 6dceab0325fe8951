"""Feeds of translated content: Atom with hreflang alternates, and the language a feed is in.

A feed is per language only when its address asks (`?lang=xx`); its entries then carry the
translation of each item where one exists, and every translation of an item is linked as an
alternate (`<link rel="alternate" hreflang="xx">`), for the feed and for each entry.
"""

from contextvars import ContextVar

from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed

from caucus.lib.translations import is_language

# Django's Feed hooks see the object or the item, never the request: the language the
# request asked for is kept here while one feed is built (per thread and task, never shared).
_asked: ContextVar[str] = ContextVar("feed_language", default="")


def feed_language(request: HttpRequest) -> str:
    """The language a feed's address asks for (?lang=xx), or "" for the original texts."""
    asked = request.GET.get("lang", "")[:8]
    return asked if is_language(asked) else ""


def asked_language() -> str:
    """Inside a LanguageFeedMixin's hooks: the language its address asked for, or ""."""
    return _asked.get()


class LanguageFeedMixin:
    """For a Feed whose items may be shown in the language ?lang= asks for."""

    def get_feed(self, obj, request):
        token = _asked.set(feed_language(request))
        try:
            return super().get_feed(obj, request)
        finally:
            _asked.reset(token)


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
