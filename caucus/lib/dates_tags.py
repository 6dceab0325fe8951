"""Template library `when` (settings.TEMPLATES): the filters and the tag of caucus/lib/dates.py.

{{ d|format_date }}  {{ d|format_date:"weekday" }}  {{ dt|format_datetime:zone }}
{{ dt|format_time:zone }}  {{ d|format_month }}  {{ d|format_weekday_day }}
{{ first|date_range:last }}  {{ zone|zone_label:at }}
{% when at zone reader=reader_zone end=ends_at %}  the place's time, then the reader's
{% place_time at zone end=ends_at %}              the same as text, for emails and feeds
{% moment at zone as when %}                       {% when %} as a value, for a sentence
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from caucus.lib import dates

register = template.Library()


@register.filter
def format_date(value: date | datetime | None, kind: str = "") -> str:
    return dates.format_date(value, weekday=kind == "weekday")


@register.filter
def format_datetime(value: datetime | None, zone=None) -> str:
    return dates.format_datetime(value, zone or None)


@register.filter
def format_time(value: datetime | None, zone=None) -> str:
    return dates.format_time(value, zone or None)


@register.filter
def format_month(value: date | None) -> str:
    return dates.format_month(value)


@register.filter
def format_weekday_day(value: date | None) -> str:
    return dates.format_weekday_day(value)


@register.filter
def date_range(first: date | None, last: date | None) -> str:
    return dates.format_date_range(first, last)


@register.filter
def zone_label(zone, at: datetime | None = None) -> str:
    return dates.zone_label(zone, at)


@register.filter
def zone_city(zone) -> str:
    return dates.city(getattr(zone, "key", zone) or "UTC")


@register.simple_tag
def place_time(at: datetime | None, zone, end: datetime | None = None) -> str:
    """Text for emails and feeds: "Fri 4 December 2026, 17:30–19:00 (Istanbul time, UTC+03:00)"."""
    if at is None:
        return ""
    return f"{dates.format_span(at, end, zone)} ({dates.zone_label(zone, at)})"


def _zone(zone) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(str(zone or "UTC"))


def _reader_text(at: datetime, end: datetime | None, place: ZoneInfo, reader: ZoneInfo) -> str:
    """The reader's clock: the times alone when the reader's day is the place's day."""
    if dates.local(at, reader).date() != dates.local(at, place).date():
        return dates.format_span(at, end, reader)
    if end is not None and dates.local(end, reader).date() == dates.local(at, reader).date():
        return f"{dates.format_time(at, reader)}–{dates.format_time(end, reader)}"
    return dates.format_time(at, reader) if end is None else dates.format_span(at, end, reader)


@register.inclusion_tag("_when.html")
def when(at: datetime | None, zone, reader: ZoneInfo | None = None, end: datetime | None = None):
    """A moment (or a span) on the place's clock, with its zone, then on the reader's.

    With `reader` (the zone the reader chose or their browser reported: campaigns/reader.py)
    the server writes both; without it (a page every reader shares, such as a cached one),
    an empty slot carries what caucus/static/caucus/when.js needs to write the reader's time.
    """
    if at is None:
        return {"at": None}
    place = _zone(zone)
    context = {
        "at": at,
        "utc": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "place": dates.format_span(at, end, place),
        "place_zone": dates.zone_label(place, at),
    }
    if reader is not None:
        if reader.key != place.key:
            context["reader"] = _reader_text(at, end, place, reader)
            context["reader_zone"] = dates.zone_label(reader, at)
        return context
    context["slot"] = {
        "end": end.astimezone(UTC).isoformat().replace("+00:00", "Z") if end else "",
        "zone": place.key,
        "format": dates.js_pattern("weekday_datetime"),
        "time_format": dates.js_pattern("time"),
        "template": _("your time: %(when)s (%(zone)s)") % {"when": "{when}", "zone": "{zone}"},
        "zone_template": _("%(city)s time, UTC%(offset)s")
        % {"city": "{city}", "offset": "{offset}"},
    }
    return context


@register.simple_tag
def moment(
    at: datetime | None, zone=None, reader: ZoneInfo | None = None, end: datetime | None = None
) -> SafeString:
    """{% when %} as a value to put in a translated sentence (issue 14): the place's time with
    its zone (UTC, labelled so, for what has no place) in a <time datetime="...Z"> that
    caucus/static/caucus/when.js follows with the reader's time.

    {% moment row.reminded_at statement.signing_deadline_zone as when %}
    {% blocktranslate %}Reminded {{ when }}{% endblocktranslate %}
    """
    if not at:  # None, or "" for a variable the context lacks
        return SafeString("")
    html = render_to_string("_when.html", when(at, zone or "UTC", reader=reader or None, end=end))
    return mark_safe(html.strip())  # noqa: S308 — _when.html escapes what it writes
