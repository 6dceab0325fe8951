"""The iCalendar feed of a coalition's upcoming hearings, so supporters can gather at court.

Each hearing is one VEVENT with a stable UID and a SEQUENCE that grows with every edit, its
start in the court's own zone (with the VTIMEZONE it needs), and only public case details.
A hearing deleted before it takes place stays as STATUS:CANCELLED, so subscribed calendars
drop it instead of keeping a stale appointment.
"""

from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Event

from caucus.coalitions.models import Coalition
from caucus.lib.ical import event_uid, new_calendar
from caucus.lib.urls import absolute_url
from caucus.solidarity.models import (
    CancelledHearing,
    EntryKind,
    TimelineEntry,
    cancelled_hearings,
    upcoming_hearings,
)


def hearing_uid(entry: TimelineEntry) -> str:
    return event_uid(f"case-hearing-{entry.pk}")


def _translated_note(entry: TimelineEntry, language: str) -> str:
    """The hearing's note in `language` where its case has a translation (prefetched)."""
    if language:
        for translation in entry.case.translations.all():
            if translation.language == language:
                return translation.text(f"entries.{entry.pk}") or entry.note
    return entry.note


def hearing_event(entry: TimelineEntry, language: str = "") -> Event:
    case = entry.case
    event = Event()
    event.add("uid", hearing_uid(entry))
    event.add("sequence", entry.sequence)
    event.add("dtstamp", entry.updated)
    event.add("last-modified", entry.updated)
    event.add("dtstart", entry.local_start or entry.starts_at)
    event.add("summary", entry.public_title())
    place = entry.public_place()
    location = ", ".join(p for p in (place, case.public_city, case.country_name) if p)
    event.add("location", location)
    url = absolute_url(case.get_absolute_url())
    event.add("url", url)
    note = case.public_text(_translated_note(entry, language))
    event.add("description", f"{note}\n\n{url}".strip())
    return event


def cancelled_event(hearing: CancelledHearing) -> Event:
    case = hearing.case
    event = Event()
    event.add("uid", hearing.uid)
    event.add("sequence", hearing.sequence)
    event.add("status", "CANCELLED")
    event.add("dtstamp", hearing.cancelled_at)
    event.add("last-modified", hearing.cancelled_at)
    event.add("dtstart", hearing.starts_at.astimezone(ZoneInfo(hearing.time_zone)))
    event.add("summary", f"{EntryKind.HEARING.label}: {case.public_display_name}")
    place = case.public_text(hearing.place)
    event.add("location", ", ".join(p for p in (place, case.public_city, case.country_name) if p))
    event.add("url", absolute_url(case.get_absolute_url()))
    return event


def hearings_calendar(coalition: Coalition, language: str = "") -> bytes:
    """The calendar; each note in `language` (?lang=) where its case has a translation."""
    cal = new_calendar("solidarity hearings")
    # In the calendar's language (issue 16): the view builds it in_feed_language.
    cal.add("x-wr-calname", _("%(name)s: hearings") % {"name": coalition.name})
    cal.add("x-published-ttl", "PT1H")
    for entry in upcoming_hearings(coalition).prefetch_related("case__translations"):
        cal.add_component(hearing_event(entry, language))
    for hearing in cancelled_hearings(coalition):
        cal.add_component(cancelled_event(hearing))
    cal.add_missing_timezones()
    return cal.to_ical()
