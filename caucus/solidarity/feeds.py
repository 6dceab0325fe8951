"""RSS and Atom feeds of a case's timeline: public details only, in the language ?lang= asks
for where the case has a translation into it; Atom links the case and each entry in every
language it can be read in (hreflang alternates, as the statements' and campaigns' feeds)."""

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from caucus.lib import dates
from caucus.solidarity.models import Case, TimelineEntry
from caucus.solidarity.permissions import get_public_case
from caucus.solidarity.translated import case_reading, public_html
from caucus.translations.feeds import AlternatesAtomFeed, LanguageFeedMixin, reading_alternates


class CaseUpdatesFeed(LanguageFeedMixin, Feed):
    def get_object(self, request, slug: str) -> Case:
        case = get_public_case(slug)
        prefetch_related_objects([case], "translations")  # read here and by each entry
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

    def feed_extra_kwargs(self, obj: Case) -> dict:
        return {"alternates": reading_alternates(obj.reading)}

    def items(self, obj: Case):
        entries = obj.entries.select_related("case", "case__coalition", "case__record")
        entries = list(entries.order_by("-created")[:50])
        for entry in entries:
            note = obj.reading.text(f"entries.{entry.pk}", entry.note)
            entry.feed_note = public_html(entry.case, note)
            entry.feed_link = f"{obj.reading.url}#entry-{entry.pk}"
            entry.feed_alternates = _entry_alternates(obj, entry)
        return entries

    def item_title(self, item: TimelineEntry) -> str:
        # The date as every page writes it, in the feed's language (issue 14).
        return f"{item.public_title()} ({dates.format_date(item.date)})"

    def item_description(self, item: TimelineEntry) -> str:
        return item.feed_note

    def item_link(self, item: TimelineEntry) -> str:
        return item.feed_link

    def item_extra_kwargs(self, item: TimelineEntry) -> dict:
        return {"alternates": item.feed_alternates}

    def item_guid(self, item: TimelineEntry) -> str:
        return f"case-entry-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: TimelineEntry):
        return item.created

    def item_updateddate(self, item: TimelineEntry):
        return item.updated


def _entry_alternates(case: Case, entry: TimelineEntry) -> list[tuple[str, str]]:
    """The entry in the original and in each language whose translation has its note."""
    translated = {t.language for t in case.translations.all() if t.text(f"entries.{entry.pk}")}
    links = [
        (link.code, f"{link.absolute}#entry-{entry.pk}")
        for link in case.reading.links
        if link.code == case.reading.original or link.code in translated
    ]
    return links if len(links) > 1 else []


class CaseUpdatesAtomFeed(CaseUpdatesFeed):
    feed_type = AlternatesAtomFeed  # hreflang links to the case and its entries in each language

    def subtitle(self, obj: Case) -> str:
        return self.description(obj)
