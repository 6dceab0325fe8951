"""Sitemaps (Django's framework): public items and profiles, each with its languages as
`xhtml:link` alternates (an item's translations are reached with ?lang=xx)."""

import time
from collections.abc import Callable
from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_page

from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.public.models import Publication
from caucus.topics.models import Topic

# Sitemaps are kept in the cache for ten minutes, but never past a change of the public index:
# a case that becomes protected must drop its old address (which could name the person) from
# the sitemap at once, not ten minutes later (security review, protected identity).
GENERATION_KEY = "public:index-generation"
CACHED_SECONDS = 600
HTTP_MAX_AGE = 60  # what browsers and shared caches may keep


def index_changed() -> None:
    """Called whenever a publication is written or removed (caucus/public/publishers.py)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def cached_until_index_changes(view: Callable) -> Callable:
    """`cache_page`, keyed by the index's generation, with a short HTTP lifetime."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        prefix = f"sitemap:{cache.get(GENERATION_KEY, 0)}"
        response = cache_page(CACHED_SECONDS, key_prefix=prefix)(view)(request, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={HTTP_MAX_AGE}"
        return response

    return wrapped


class AlternatesSitemap(Sitemap):
    """Django's `alternates` serve sites with a URL prefix per interface language; ours are
    per item, so each entry gets the alternates `item_alternates` names."""

    def item_alternates(self, item) -> list[tuple[str, str]]:
        """[(language, path)] of the item's languages, or [] when it has one."""
        return []

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for entry in urls:
            entry["alternates"] = [
                {"location": f"{protocol}://{domain}{path}", "lang_code": language}
                for language, path in self.item_alternates(entry["item"])
            ]
        return urls


def translated_paths(obj, path: str) -> list[tuple[str, str]]:
    """The original and each translation of `obj` (prefetched `translations`)."""
    codes = [t.language for t in obj.translations.all()]
    if not codes:
        return []
    return [(code, f"{path}?lang={code}") for code in [obj.language, *codes]]


class PublicationSitemap(AlternatesSitemap):
    """Only the publication index is listed, so private, protected or withdrawn items never are."""

    limit = 5000

    def items(self):
        return Publication.objects.filter(published_at__lte=timezone.now()).order_by("id")

    def location(self, item: Publication) -> str:
        return item.url

    def lastmod(self, item: Publication):
        return item.updated

    def item_alternates(self, item: Publication) -> list[tuple[str, str]]:
        return [
            (alt["language"], alt["url"])
            for alt in item.alternates or []
            if isinstance(alt, dict) and alt.get("language") and alt.get("url")
        ]


class ProfileSitemap(AlternatesSitemap):
    def items(self):
        organizations = Organization.objects.public().prefetch_related("translations")
        coalitions = Coalition.objects.public().prefetch_related("translations")
        return list(organizations.order_by("id")) + list(coalitions.order_by("id"))

    def location(self, item) -> str:
        return item.get_absolute_url()

    def item_alternates(self, item) -> list[tuple[str, str]]:
        return translated_paths(item, item.get_absolute_url())


class TopicSitemap(AlternatesSitemap):
    def items(self):
        return Topic.objects.prefetch_related("translations").order_by("id")

    def location(self, item: Topic) -> str:
        return reverse("public:topic", args=[item.slug])

    def item_alternates(self, item: Topic) -> list[tuple[str, str]]:
        return translated_paths(item, self.location(item))


class StaticSitemap(Sitemap):
    def items(self):
        return ["public:home", "public:search"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "items": PublicationSitemap,
    "profiles": ProfileSitemap,
    "topics": TopicSitemap,
    "pages": StaticSitemap,
}
