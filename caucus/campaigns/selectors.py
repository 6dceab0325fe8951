"""Reads that pages, feeds and the API share: outside hosts' proposed actions waiting for a
coordinator (the dashboard), the actions an organization hosts (its public page), a campaign's
map and statements, and the events the calendar's filters keep."""

from datetime import datetime, time, timedelta, tzinfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from caucus.campaigns.forms import FilterForm
from caucus.campaigns.models import Approval, Campaign, Event, PlaceCount
from caucus.campaigns.worldmap import choropleth_class, point_radius, project, world_shapes
from caucus.coalitions.models import Coordinator
from caucus.lib.countries import country_name
from caucus.statements.models import Statement


def host_proposals_to_review(user, *, limit: int = 20) -> QuerySet[Event]:
    """Actions proposed by outside hosts to campaigns of the coalitions the person
    coordinates, waiting for a decision, oldest first (one query). Only coordinators review
    them (campaigns.views.hosts.host_review_list)."""
    return (
        Event.objects.filter(
            campaign__coalition_id__in=Coordinator.objects.filter(user=user).values("coalition_id"),
            organization=None,
            approval=Approval.PENDING,
        )
        .select_related("campaign")
        .order_by("created", "pk")[:limit]
    )


def public_actions_of(organization, *, upcoming: bool, now=None) -> QuerySet[Event]:
    """The approved actions an organization hosts that the public may see (as its iCalendar
    feed has them): upcoming ones soonest first, or past ones latest first."""
    now = now or timezone.now()
    events = (
        Event.objects.listed()
        .filter(organization=organization)
        .filter(Q(campaign=None) | Q(campaign__coalition__is_public=True))
        .select_related("campaign", "organization")
    )
    if upcoming:
        return events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


def map_context(campaign: Campaign) -> dict:
    """The SVG map and its text alternative, from the pre-aggregated PlaceCount rows."""
    places = list(PlaceCount.objects.filter(campaign=campaign).order_by("-events", "city"))
    by_country: dict[str, int] = {}
    for place in places:
        by_country[place.country] = by_country.get(place.country, 0) + place.events
    maximum = max(by_country.values(), default=0)
    countries = [
        {
            "shape": shape,
            "name": country_name(shape.code) if shape.code else shape.name,
            "count": by_country.get(shape.code, 0),
            "klass": choropleth_class(by_country.get(shape.code, 0), maximum),
        }
        for shape in world_shapes()
    ]
    points = [
        {
            "place": p,
            "x": project(p.longitude, p.latitude)[0],
            "y": project(p.longitude, p.latitude)[1],
            "r": point_radius(p.events),
        }
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    table = sorted(
        (
            {
                "code": code,
                "name": country_name(code),
                "count": n,
                "cities": sum(1 for p in places if p.country == code),
            }
            for code, n in by_country.items()
        ),
        key=lambda row: (-row["count"], row["name"]),
    )
    return {
        "map_countries": countries,
        "map_points": points,
        "map_table": table,
        "counts": {
            "events": sum(by_country.values()),
            "countries": len(by_country),
            "cities": len(places),
            "organizations": campaign.organization_count,
        },
    }


def public_statements(campaign: Campaign) -> QuerySet[Statement]:
    """The published statements a campaign links, newest first."""
    return (
        Statement.objects.public()
        .filter(campaigns=campaign)
        .select_related("published_version", "current_version")
        .order_by("-published_at", "-pk")
    )


def events_matching(campaign: Campaign, form: FilterForm, zone: tzinfo) -> QuerySet[Event]:
    """A campaign's listed events that the calendar's filters keep (all of them when the
    filters are not valid); a date is a day in the reader's `zone`."""
    events = Event.objects.listed().filter(campaign=campaign)
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["day"]:
        events = events.filter(day_of_action_id=data["day"])
    if data["country"]:
        events = events.filter(country=data["country"])
    if data["city"]:
        events = events.filter(city__iexact=data["city"])
    if data["kind"]:
        events = events.filter(kind=data["kind"])
    if data["org"]:
        events = events.filter(organization__slug=data["org"])
    if data["date"]:
        start = datetime.combine(data["date"], time(), tzinfo=zone)
        events = events.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    return events
