"""RSS and Atom feeds of a case's timeline: public details only, in the language ?lang= asks
for where the case has a translation into it."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from caucus.lib import dates
from caucus.solidarity.models import Case, TimelineEntry
from caucus.solidarity.permissions import get_public_case
from caucus.solidarity.translated import case_reading, public_html
from caucus.translations.feeds import LanguageFeedMixin


class CaseUpdatesFeed(LanguageFeedMixin, Feed):
    def get_object(self, request, slug: str) -> Case:
        case = get_public_case(slug)
        case.reading = case_reading(request, case, feed=True)
        return case

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.reading.language
        return feed

    def title(self, obj: Case) -> str:
        return _("Solidarity case: %(name)s") % {"name": obj.public_display_name}

    def link(self, obj: Case) -> str:
        return obj.reading.url

    def description(self, obj: Case) -> str:
        return obj.public_teaser_of(obj.reading.text("summary", obj.summary))

    def items(self, obj: Case):
        entries = obj.entries.select_related("case", "case__coalition", "case__record")
        entries = list(entries.order_by("-created")[:50])
        for entry in entries:
            note = obj.reading.text(f"entries.{entry.pk}", entry.note)
            entry.feed_note = public_html(entry.case, note)
        return entries

    def item_title(self, item: TimelineEntry) -> str:
        # The date as every page writes it, in the feed's language (issue 14).
        return f"{item.public_title()} ({dates.format_date(item.date)})"

    def item_description(self, item: TimelineEntry) -> str:
        return item.feed_note

    def item_link(self, item: TimelineEntry) -> str:
        return f"{item.case.get_absolute_url()}#entry-{item.pk}"

    def item_guid(self, item: TimelineEntry) -> str:
        return f"case-entry-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: TimelineEntry):
        return item.created

    def item_updateddate(self, item: TimelineEntry):
        return item.updated


class CaseUpdatesAtomFeed(CaseUpdatesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Case) -> str:
        return self.description(obj)
