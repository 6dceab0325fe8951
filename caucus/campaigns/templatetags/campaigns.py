"""Template helpers: an event's times in its own zone and the reader's, and feed links."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import dateformat

register = template.Library()


def _fmt(value: datetime, with_date: bool = True) -> str:
    return dateformat.format(value, "D j M Y, H:i" if with_date else "H:i")


def _offset(value: datetime) -> str:
    seconds = int(value.utcoffset().total_seconds())
    sign = "+" if seconds >= 0 else "−"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def span(start: datetime, end: datetime, zone: ZoneInfo) -> dict:
    start, end = start.astimezone(zone), end.astimezone(zone)
    same_day = start.date() == end.date()
    return {
        "start": _fmt(start),
        "end": _fmt(end, with_date=not same_day),
        "start_iso": start.isoformat(),
        "end_iso": end.isoformat(),
        "zone": zone.key,
        "offset": _offset(start),
        "end_offset": _offset(end) if _offset(end) != _offset(start) else "",
    }


@register.inclusion_tag("campaigns/_times.html")
def event_times(event, reader_zone: ZoneInfo):
    local = span(event.starts_at, event.ends_at, event.zone)
    reader = span(event.starts_at, event.ends_at, reader_zone)
    return {"local": local, "reader": reader, "same": local["zone"] == reader["zone"]}


@register.simple_tag
def clock_there(moment: datetime, zone_name: str, day) -> str:
    """The time on the place's own clock, "19:00", or "Tue 19:00" when the place's date is
    not `day` (the reader's day of the calendar cell)."""
    local = moment.astimezone(ZoneInfo(zone_name or "UTC"))
    return dateformat.format(local, "H:i" if local.date() == day else "D H:i")


@register.simple_tag
def webcal(url: str) -> str:
    """The webcal:// form of an https:// (or http://) address, for calendar apps."""
    return "webcal://" + url.split("://", 1)[-1]


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with `changes` applied (None or "" removes a key)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def coalition_campaigns(coalition):
    from caucus.campaigns.models import Campaign

    return list(Campaign.objects.filter(coalition=coalition).order_by("-starts_on")[:20])


@register.simple_tag
def distance(km: float | None) -> str:
    """ "12 km" or "1,234 km", grouped as the reader's language groups numbers."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    if km is None:
        return ""
    if km < 1:
        return gettext("under 1 km")
    return gettext("%(km)s km") % {"km": number_format(round(km), force_grouping=True)}


@register.simple_tag
def comma() -> str:
    """The separator between items of a run-in list: "، " (the Arabic comma) in Arabic,
    Persian and Urdu pages, ", " elsewhere."""
    from django.utils.translation import get_language

    return "، " if (get_language() or "").split("-")[0] in {"ar", "fa", "ur"} else ", "


@register.simple_tag
def city_suggestions(campaign=None, organization=None, per_country: int = 40) -> list:
    """Cities of the shipped list for an event form's <datalist> (no script needed): the
    largest of each country where the campaign has actions or its coalition has members, or
    of the organization's country. The list is a hint: any city of the list is accepted."""
    from caucus.campaigns.cities import cities_in
    from caucus.lib.countries import country_name

    countries: set[str] = set()
    if organization is not None and organization.country:
        countries.add(organization.country)
    if campaign is not None:
        from caucus.campaigns.models import PlaceCount

        countries.update(
            PlaceCount.objects.filter(campaign=campaign).values_list("country", flat=True)
        )
        countries.update(
            campaign.coalition.memberships.active().values_list("organization__country", flat=True)
        )
    return [
        {"name": city.name, "label": f"{city.name}, {country_name(code)}"}
        for code in sorted(c for c in countries if c)
        for city in cities_in(code)[:per_country]
    ][:1200]
