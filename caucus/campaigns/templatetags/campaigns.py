"""Template helpers: an event's times in its own zone and the reader's, and feed links."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template

from caucus.lib import dates
from caucus.lib.dates_tags import when
from caucus.lib.langs_tags import separator
from caucus.lib.urls import absolute_url

register = template.Library()


@register.inclusion_tag("_when.html")
def event_times(event, reader_zone: ZoneInfo):
    """The event's span on its city's clock, then on the reader's (the one `when` tag)."""
    return when(event.starts_at, event.zone, reader=reader_zone, end=event.ends_at)


@register.simple_tag
def clock_there(moment: datetime, zone_name: str, day) -> str:
    """The time on the place's own clock, "19:00", or "Tue 15 19:00" when the place's date is
    not `day` (the reader's day of the calendar cell)."""
    local = dates.local(moment, zone_name or "UTC")
    time = dates.format_time(local, local.tzinfo)  # without a zone it reads the active one
    return time if local.date() == day else f"{dates.format_weekday_day(local)} {time}"


@register.filter
def absolute(path: str) -> str:
    """A path on SITE_URL: subscription addresses name the site, never the Host a request came
    with (anyone can send any Host)."""
    return absolute_url(path)


@register.simple_tag
def webcal(url: str) -> str:
    """The webcal:// form of a path on SITE_URL or of an https:// (or http://) address, for
    calendar apps."""
    return "webcal://" + absolute_url(url).split("://", 1)[-1]


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
    Persian and Urdu pages, ", " elsewhere (the `langs` library's, under its old name)."""
    return separator()


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
