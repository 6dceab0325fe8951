"""RSS and Atom feeds of published statements: whole site, per organization, coalition, topic.

Translations are listed as alternate links (hreflang) of each item in the Atom feeds; with
`?lang=xx` a feed carries each statement's translation into that language where it has one
(caucus/translations/feeds.py).
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Organization
from caucus.statements.models import Statement, Status
from caucus.translations.feeds import AlternatesAtomFeed, LanguageFeedMixin, asked_language

FEED_SIZE = 30


class StatementFeed(LanguageFeedMixin, Feed):
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
        items = list(
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
        language = asked_language()
        for item in items:
            item.feed_translation = next(
                (t for t in _published_translations(item) if t.language == language), None
            )
        return items

    def item_title(self, item):
        translation = item.feed_translation
        return translation.title if translation else item.published_version.title

    def item_description(self, item):
        translation = item.feed_translation
        if translation:
            return translation.teaser or translation.body_html()
        return item.teaser or item.published_version.body_html()

    def item_link(self, item):
        translation = item.feed_translation
        url = item.get_absolute_url()
        return f"{url}?lang={translation.language}" if translation else url

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_version.created if item.published_version else item.published_at

    def item_author_name(self, item):
        return item.author_name

    def item_categories(self, item):
        return item.topics

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_extra_kwargs(self, item):
        url = absolute_url(item.get_absolute_url())
        translations = _published_translations(item)
        alternates = [(t.language, f"{url}?lang={t.language}") for t in translations]
        if alternates:
            alternates.insert(0, (item.language, f"{url}?lang={item.language}"))
        return {"alternates": alternates}


def _published_translations(statement: Statement) -> list:
    """Translations of the published text (not of a later draft), from the prefetch."""
    published = statement.published_version.number
    return [t for t in statement.translations.all() if t.version.number <= published]


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
