"""iCalendar (RFC 5545) for events: one serializer in the hook style of Django's Feed.

Each VEVENT keeps the event's UID for its whole life, its SEQUENCE (raised on every
significant change), LAST-MODIFIED, STATUS (CANCELLED events stay in the feed so calendar
apps remove them), start and end with the place's TZID and a generated VTIMEZONE, GEO,
CATEGORIES, URL, and a LOCATION that carries a private address never.
"""

import hashlib
from datetime import UTC, datetime, timedelta
from functools import cache as memoize
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from caucus.campaigns.models import Event, EventStatus
from caucus.campaigns.visibility import address_for
from caucus.lib.ical import new_calendar
from caucus.lib.urls import absolute_url
from caucus.lib.zones import is_ambiguous

REFRESH = "PT1H"
VEVENT_CACHE_SECONDS = 24 * 3600
STATUS = {
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.ONLINE: "CONFIRMED",
    EventStatus.TENTATIVE: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def _transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[datetime]:
    """UTC instants at which `zone` changes offset in the years given (to the minute)."""
    found = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + timedelta(days=1)
        if following.astimezone(zone).utcoffset() != offset:
            low, high = moment, following  # offset changes in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
            offset = following.astimezone(zone).utcoffset()
        moment = following
    return found


def _utc_offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


@memoize
def vtimezone(key: str, first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE with one STANDARD or DAYLIGHT block per transition in the years given.

    One DTSTART per block and no RDATE lists or RRULEs: every reader understands this
    form (dateutil, and hence vobject, ignores RDATE; some apps misread computed RRULEs).
    """
    zone = ZoneInfo(key)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    before = start.astimezone(zone)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{key}"]

    def block(onset_utc: datetime, old: timedelta, new_local: datetime) -> None:
        kind = "DAYLIGHT" if new_local.dst() else "STANDARD"
        onset_local = (onset_utc + old).replace(tzinfo=None)
        lines.extend(
            [
                f"BEGIN:{kind}",
                f"DTSTART:{onset_local:%Y%m%dT%H%M%S}",
                f"TZOFFSETFROM:{_utc_offset(old)}",
                f"TZOFFSETTO:{_utc_offset(new_local.utcoffset())}",
                f"TZNAME:{new_local.tzname()}",
                f"END:{kind}",
            ]
        )

    block(start, before.utcoffset(), before)
    previous = before.utcoffset()
    for onset in _transitions(zone, first_year, last_year):
        local = onset.astimezone(zone)
        block(onset, previous, local)
        previous = local.utcoffset()
    lines.append("END:VTIMEZONE")
    return ("\r\n".join(lines) + "\r\n").encode()


def event_location(event: Event) -> str:
    """Venue, the address only when public, city and country."""
    parts = [event.venue, address_for(event), event.city, event.country_name]
    if event.status == EventStatus.ONLINE or event.kind == "online":
        parts.append(event.online_url)
    return ", ".join(p.replace("\n", ", ") for p in parts if p)


def _when(moment: datetime, zone: ZoneInfo) -> datetime:
    """The place's wall clock with its TZID, except the second occurrence of a repeated
    hour: RFC 5545 §3.3.5 reads a repeated local time as the first, so that one goes in UTC."""
    local = moment.astimezone(zone)
    if local.fold and is_ambiguous(local.replace(tzinfo=None), zone):
        return moment.astimezone(UTC)
    return local


def vevent(event: Event, day_name: str | None = None) -> icalendar.Event:
    """`day_name`: the day of action's theme in the calendar's language (else the original)."""
    zone = ZoneInfo(event.time_zone)
    item = icalendar.Event()
    # Not lib.ical.event_uid: subscribers' calendars know these UIDs, and a new one would
    # show every action twice.
    item.add("uid", f"{event.uid}@caucus")
    item.add("sequence", event.sequence)
    item.add("dtstamp", event.updated.astimezone(UTC))
    item.add("last-modified", event.updated.astimezone(UTC))
    item.add("created", event.created.astimezone(UTC))
    item.add("dtstart", _when(event.starts_at, zone))
    item.add("dtend", _when(event.ends_at, zone))
    title = event.title
    if event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        title = f"[{event.get_status_display()}] {title}"
    item.add("summary", title)
    description = event.description
    if event.status_note:
        description = f"{event.status_note}\n\n{description}"
    if description:
        item.add("description", description)
    item.add("status", STATUS[EventStatus(event.status)])
    item.add("url", absolute_url(event.get_absolute_url()))
    location = event_location(event)
    if location:
        item.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        item.add("geo", (event.latitude, event.longitude))
    categories = [event.get_kind_display()]
    if event.day_of_action_id:
        categories.append(day_name or event.day_of_action.name)
    item.add("categories", categories)
    if event.organization_id:
        item.add(
            "organizer",
            absolute_url(event.organization.get_absolute_url()),
            parameters={"cn": event.organization.name},
        )
    return item


def calendar_bytes(
    events,
    *,
    name: str,
    description: str = "",
    others: list[tuple[bytes, str, int]] = (),
    day_names: dict[int, str] | None = None,
) -> bytes:
    """The calendar of `events`, and of `others`: VEVENTs built elsewhere (the coalition's
    court hearings) as (bytes, TZID, year), whose zones get their VTIMEZONE here too.
    `day_names` are the days of action's themes in the calendar's language, by id."""
    calendar = new_calendar("Campaign calendar")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    years: dict[str, list[int]] = {}
    events = list(events)
    for event in events:
        span = years.setdefault(event.time_zone, [event.starts_at.year, event.ends_at.year])
        span[0], span[1] = min(span[0], event.starts_at.year), max(span[1], event.ends_at.year)
    for _chunk, key, year in others:
        span = years.setdefault(key, [year, year])
        span[0], span[1] = min(span[0], year), max(span[1], year)
    body = calendar.to_ical()
    # The VTIMEZONEs and VEVENTs are spliced in as prebuilt bytes before END:VCALENDAR.
    zones = b"".join(vtimezone(key, first, last) for key, (first, last) in sorted(years.items()))
    index = body.rfind(b"END:VCALENDAR")
    chunks = [*vevent_bytes(events, day_names), *(chunk for chunk, _key, _year in others)]
    return body[:index] + zones + b"".join(chunks) + body[index:]


def _day_name(event: Event, day_names: dict[int, str] | None) -> str:
    if not event.day_of_action_id:
        return ""
    return (day_names or {}).get(event.day_of_action_id) or event.day_of_action.name


def _vevent_key(event: Event, day_names: dict[int, str] | None = None) -> str:
    """Changes with anything a VEVENT shows: every edit moves `updated` (and a status change
    the SEQUENCE); the organization's and the day of action's names live in other rows."""
    parts = [
        str(event.uid),
        str(event.sequence),
        event.updated.isoformat(),
        event.organization.name if event.organization_id else "",
        _day_name(event, day_names),
        settings.SITE_URL,
        translation.get_language() or "",
    ]
    return "caucus:vevent:1:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def vevent_bytes(events: list[Event], day_names: dict[int, str] | None = None) -> list[bytes]:
    """Each event's VEVENT, serialized once per version and kept in the cache: a feed of
    200 events then costs its query, not 200 serializations (see bench/campaign_calendar.py)."""
    keys = [_vevent_key(event, day_names) for event in events]
    cached = cache.get_many(keys)
    missing = {}
    out = []
    for key, event in zip(keys, events, strict=True):
        chunk = cached.get(key)
        if chunk is None:
            chunk = missing[key] = vevent(event, _day_name(event, day_names)).to_ical()
        out.append(chunk)
    if missing:
        cache.set_many(missing, timeout=VEVENT_CACHE_SECONDS)
    return out


def ics_response(events, *, name: str, filename: str, description: str = "") -> HttpResponse:
    body = calendar_bytes(events, name=name, description=description)
    return ics_bytes_response(body, filename=filename)


def ics_bytes_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def feed_name(*parts: str) -> str:
    return " · ".join([*(p for p in parts if p), _("Caucus")])


def now() -> datetime:
    return datetime.now(UTC)
