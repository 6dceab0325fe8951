"""RSS and Atom feeds of published statements: whole site, per organization, coalition, topic.

Translations are listed as alternate links (hreflang) of each item in the Atom feeds.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.statements.models import Statement, Status

FEED_SIZE = 30


class AlternatesAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for language, href in item.get("alternates", []):
            handler.addQuickElement(
                "link", "", {"rel": "alternate", "hreflang": language, "href": href}
            )


class StatementFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = None

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return _("Statements")

    def link(self, obj):
        return reverse("statements:index")

    def description(self, obj):
        return _("Statements published on this Caucus site.")

    def base_queryset(self, obj):
        return Statement.objects.public()

    def items(self, obj):
        return (
            self.base_queryset(obj)
            .filter(status=Status.PUBLISHED)
            .select_related(
                "published_version",
                "author_organization",
                "author_body__organization",
                "author_coalition",
            )
            .prefetch_related("translations__version")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.published_version.title

    def item_description(self, item):
        return item.teaser or item.published_version.body_html()

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_version.created if item.published_version else item.published_at

    def item_author_name(self, item):
        return item.author_name

    def item_categories(self, item):
        return item.topics

    def item_guid(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_extra_kwargs(self, item):
        published = item.published_version.number
        return {
            "alternates": [
                (t.language, f"{settings.SITE_URL}{item.get_absolute_url()}?lang={t.language}")
                for t in item.translations.all()
                if t.version.number <= published
            ]
        }


class OrganizationFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization.objects.public(), slug=slug)

    def title(self, obj):
        return _("Statements by %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def base_queryset(self, obj):
        return Statement.objects.public().filter(author_organization=obj)


class CoalitionFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Coalition.objects.public(), slug=slug)

    def title(self, obj):
        return _("Statements by %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def base_queryset(self, obj):
        return Statement.objects.public().filter(author_coalition=obj)


class TopicFeed(StatementFeed):
    def get_object(self, request, topic):
        return topic

    def title(self, obj):
        return _("Statements on %(topic)s") % {"topic": obj}

    def link(self, obj):
        return reverse("statements:topic", args=[obj])

    def base_queryset(self, obj):
        return Statement.objects.public().filter(topics__icontains=f'"{obj}"')


def atom(feed_class):
    return type(feed_class.__name__ + "Atom", (feed_class,), {"feed_type": AlternatesAtomFeed})
