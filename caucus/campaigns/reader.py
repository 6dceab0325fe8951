"""The reader's time zone: `?tz=` first, then the cookie the browser's script (or the
selector, without JavaScript) sets, else UTC. Unknown names fall back, never raise."""

from datetime import date
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from caucus.lib.zones import get_zone

COOKIE = "caucus_tz"
DEFAULT = "UTC"


def reader_zone(request) -> ZoneInfo:
    # The script writes the cookie URL-encoded ("Asia%2FBaku"), the selector's view plainly.
    cookie = unquote(request.COOKIES.get(COOKIE, ""))
    for candidate in (request.GET.get("tz", ""), cookie):
        zone = get_zone(candidate.strip()) if candidate else None
        if zone is not None:
            return zone
    return ZoneInfo(DEFAULT)


def by_day(events, zone: ZoneInfo) -> list[tuple[date, list]]:
    """Events in start order grouped by their day in the reader's zone, for date headings."""
    days: list[tuple[date, list]] = []
    for event in events:
        day = event.starts_at.astimezone(zone).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(event)
    return days
