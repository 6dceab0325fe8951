"""RSS and Atom feeds of everything published: the whole site, per topic and per region.

With `?lang=xx` an item with a translation into that language shows it (title, teaser and
link, from the index's alternates); Atom lists every language of an item as an alternate.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.lib.regions import region_name
from caucus.lib.urls import absolute_url
from caucus.public.models import Publication
from caucus.topics.models import Topic
from caucus.translations.feeds import AlternatesAtomFeed, LanguageFeedMixin, asked_language

FEED_SIZE = 30


def _version(item: Publication) -> dict | None:
    """The item's alternate in the language the feed's address asks for, if it has one."""
    asked = asked_language()
    if not asked:
        return None
    found = (a for a in item.alternates or [] if isinstance(a, dict) and a.get("language") == asked)
    return next(found, None)


class LatestFeed(LanguageFeedMixin, Feed):
    """Hook style: subclasses narrow `publications(obj)`; items are the newest of those."""

    title = _("Caucus: latest")
    description = _("Everything published on this site, newest first.")

    def link(self):
        return reverse("public:home")

    def publications(self, obj):
        return Publication.objects.filter(listed=True)

    def items(self, obj=None):
        return self.publications(obj).filter(published_at__lte=timezone.now())[:FEED_SIZE]

    def item_title(self, item: Publication) -> str:
        version = _version(item)
        return version.get("title") or item.title if version else item.title

    def item_description(self, item: Publication) -> str:
        version = _version(item)
        return version.get("teaser", "") if version else item.teaser

    def item_link(self, item: Publication) -> str:
        version = _version(item)
        return version.get("url") or item.url if version else item.url

    def item_extra_kwargs(self, item: Publication) -> dict:
        return {
            "alternates": [
                (a["language"], absolute_url(a["url"]))
                for a in item.alternates or []
                if isinstance(a, dict) and a.get("language") and a.get("url")
            ]
        }

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_updateddate(self, item: Publication):
        return item.updated

    def item_author_name(self, item: Publication) -> str:
        return item.author

    def item_categories(self, item: Publication):
        return [item.get_kind_display()]


class TopicFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("Caucus: %(topic)s") % {"topic": obj.name_in(asked_language())}

    def link(self, obj):
        return reverse("public:topic", args=[obj.slug])

    def publications(self, obj):
        return Publication.objects.tagged("topic", obj.slug)


class RegionFeed(LatestFeed):
    def get_object(self, request, slug):
        name = region_name(slug)
        if name is None:
            raise Http404
        return (slug, name)

    def title(self, obj):
        return _("Caucus: %(region)s") % {"region": obj[1]}

    def link(self, obj):
        return reverse("public:region", args=[obj[0]])

    def publications(self, obj):
        return Publication.objects.tagged("region", obj[0])


class LatestAtomFeed(LatestFeed):
    feed_type = AlternatesAtomFeed
    subtitle = LatestFeed.description


class TopicAtomFeed(TopicFeed):
    feed_type = AlternatesAtomFeed
    subtitle = LatestFeed.description


class RegionAtomFeed(RegionFeed):
    feed_type = AlternatesAtomFeed
    subtitle = LatestFeed.description
