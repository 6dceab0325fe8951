"""Finding and following: the calendar (month, week, list), iCalendar, RSS/Atom and embeds.

Every query here is bounded: lists are paginated, the month and week grids count per day
in one aggregate and fetch at most a few events per day, feeds take a window of events.
"""

import hashlib
from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncHour
from django.http import HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.clickjacking import xframe_options_exempt

from caucus.campaigns.ical import calendar_bytes, feed_name, ics_bytes_response
from caucus.campaigns.models import Campaign, Event, EventKind
from caucus.campaigns.permissions import get_public_campaign
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.visibility import address_for
from caucus.lib.countries import country_choices, country_name
from caucus.organizations.models import Organization

PAGE_SIZE = 50
PER_DAY = 3
FEED_PAST = timedelta(days=30)
FEED_MAX = 200
FEED_CACHE_SECONDS = 3600


class FilterForm(forms.Form):
    day = forms.IntegerField(label=_l("Day of action"), required=False)
    country = forms.ChoiceField(label=_l("Country"), required=False)
    city = forms.CharField(label=_l("City"), required=False, max_length=120)
    kind = forms.ChoiceField(
        label=_l("Kind"), required=False, choices=[("", "—"), *EventKind.choices]
    )
    org = forms.SlugField(label=_l("Organization"), required=False)
    date = forms.DateField(label=_l("Date"), required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["day"].widget = forms.Select(
            choices=[("", "—"), *((d.pk, f"{d.date} · {d.name}") for d in campaign.days.all())]
        )


def filtered(campaign: Campaign, form: FilterForm, zone):
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


def _day_starts(first: date, days: int, zone) -> list[datetime]:
    """Midnight in the reader's zone for each day and the one after (days may be 23 or 25 h)."""
    return [
        datetime.combine(first + timedelta(days=n), time(), tzinfo=zone) for n in range(days + 1)
    ]


def _day_counts(events, bounds: list[datetime]) -> list[int]:
    """How many events start in each [bounds[n], bounds[n + 1]) in one aggregate query.

    When every bound falls on a whole UTC hour (the reader's zone is a whole number of hours
    from UTC, as most are) the database counts per UTC hour, at most 24 rows a day whatever
    the number of events, and the hours are summed into days here; otherwise (e.g. India's
    +05:30) it evaluates one filtered count per day.
    """
    window = events.filter(starts_at__gte=bounds[0], starts_at__lt=bounds[-1]).order_by()
    edges = [b.astimezone(UTC) for b in bounds]
    if any(edge.minute or edge.second or edge.microsecond for edge in edges):
        found = window.aggregate(
            **{
                f"d{n}": Count(
                    "id", filter=Q(starts_at__gte=bounds[n], starts_at__lt=bounds[n + 1])
                )
                for n in range(len(bounds) - 1)
            }
        )
        return [found[f"d{n}"] for n in range(len(bounds) - 1)]
    if connection.vendor == "sqlite":
        # Stored as "YYYY-MM-DD HH:MM:SS…" in UTC: the first 13 characters name the hour,
        # found without calling Python for each row (as TruncHour does on SQLite).
        hour = Substr("starts_at", 1, 13)
    else:
        hour = TruncHour("starts_at", tzinfo=UTC)
    counts = [0] * (len(bounds) - 1)
    for value, n in (
        window.annotate(hour=hour).values("hour").annotate(n=Count("id")).values_list("hour", "n")
    ):
        if isinstance(value, str):
            value = datetime.strptime(value, "%Y-%m-%d %H").replace(tzinfo=UTC)
        counts[bisect_right(edges, value) - 1] += n
    return counts


def _grid(events, first: date, days: int, zone) -> list[dict]:
    """Per day: its date, the number of events, and the first few (one query per day)."""
    bounds = _day_starts(first, days, zone)
    counts = _day_counts(events, bounds)
    cells = []
    for n in range(days):
        count = counts[n]
        shown = (
            list(
                events.filter(starts_at__gte=bounds[n], starts_at__lt=bounds[n + 1])
                .select_related("organization")
                .order_by("starts_at", "id")[:PER_DAY]
            )
            if count
            else []
        )
        cells.append(
            {
                "date": first + timedelta(days=n),
                "count": count,
                "events": shown,
                "more": max(count - len(shown), 0),
            }
        )
    return cells


def _month(value: str, default: date) -> date:
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return default.replace(day=1)


def calendar(request, slug):
    campaign = get_public_campaign(slug)
    zone = reader_zone(request)
    form = FilterForm(request.GET or None, campaign=campaign)
    events = filtered(campaign, form, zone)
    view = request.GET.get("view", "list")
    ctx = {"campaign": campaign, "form": form, "reader_zone": zone, "view": view}
    if form.is_valid() and form.cleaned_data["country"]:
        # The subscription offered is the country's feed (the per-country iCal).
        ctx["country_filter"] = form.cleaned_data["country"]
    if view == "month":
        first = _month(request.GET.get("month", ""), campaign.starts_on)
        following = (first + timedelta(days=32)).replace(day=1)
        days = (following - first).days
        cells = _grid(events, first, days, zone)
        lead = [None] * first.weekday()
        ctx.update(
            first=first,
            cells=lead + cells,
            previous=(first - timedelta(days=1)).strftime("%Y-%m"),
            next=following.strftime("%Y-%m"),
        )
    elif view == "week":
        try:
            start = date.fromisoformat(request.GET.get("week", ""))
        except ValueError:
            start = campaign.starts_on
        start -= timedelta(days=start.weekday())
        ctx.update(
            first=start,
            cells=_grid(events, start, 7, zone),
            previous=(start - timedelta(days=7)).isoformat(),
            next=(start + timedelta(days=7)).isoformat(),
        )
    else:
        ctx["view"] = "list"
        page = Paginator(
            events.select_related("organization", "day_of_action").order_by("starts_at", "id"),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        ctx["page"] = page
    return render(request, "campaigns/calendar.html", ctx)


def feed_window(events):
    """What a calendar subscription carries: recent and coming events, cancelled ones too."""
    return (
        events.filter(ends_at__gte=timezone.now() - FEED_PAST)
        .select_related("organization", "day_of_action")
        .order_by("starts_at", "id")[:FEED_MAX]
    )


def feed_response(request, events, *, name: str, filename: str, description: str = ""):
    """A subscription's .ics, rebuilt only when something in its window changed.

    The fingerprint reads the window's ids, `updated` and SEQUENCE (every change to an event
    moves them) and the organization's and day's names (kept in other rows). The body is
    cached under it with the feed's name and language, and served with an ETag, so a
    calendar app polling an unchanged feed gets 304.
    """
    window = feed_window(events)
    rows = list(
        window.values_list("id", "updated", "sequence", "organization__name", "day_of_action__name")
    )
    fingerprint = hashlib.sha256(
        repr((rows, name, description, translation.get_language())).encode()
    ).hexdigest()
    etag = f'"{fingerprint[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    key = f"caucus:feed:1:{fingerprint}"
    body = cache.get(key)
    if body is None:
        body = calendar_bytes(list(window), name=name, description=description)
        cache.set(key, body, timeout=FEED_CACHE_SECONDS)
    response = ics_bytes_response(body, filename=filename)
    response["ETag"] = etag
    return response


def campaign_ics(request, slug):
    campaign = get_public_campaign(slug)
    form = FilterForm(request.GET or None, campaign=campaign)
    events = filtered(campaign, form, reader_zone(request))
    return feed_response(
        request,
        events,
        name=feed_name(campaign.title),
        description=campaign.summary,
        filename=f"{campaign.slug}.ics",
    )


def country_ics(request, slug, country):
    campaign = get_public_campaign(slug)
    country = country.upper()
    events = Event.objects.listed().filter(campaign=campaign, country=country)
    return feed_response(
        request,
        events,
        name=feed_name(campaign.title, country_name(country)),
        filename=f"{campaign.slug}-{country.lower()}.ics",
    )


def day_ics(request, slug, pk):
    campaign = get_public_campaign(slug)
    day = get_object_or_404(campaign.days, pk=pk)
    events = Event.objects.listed().filter(campaign=campaign, day_of_action=day)
    return feed_response(
        request,
        events,
        name=feed_name(campaign.title, day.name),
        filename=f"{campaign.slug}-day-{day.pk}.ics",
    )


def organization_ics(request, org_slug):
    organization = get_object_or_404(Organization.objects.public(), slug=org_slug)
    events = (
        Event.objects.listed()
        .filter(organization=organization)
        .filter(Q(campaign=None) | Q(campaign__coalition__is_public=True))
    )
    return feed_response(
        request,
        events,
        name=feed_name(organization.display_name),
        filename=f"{organization.slug}.ics",
    )


class CampaignEventsFeed(Feed):
    """The newest registered actions of a campaign, as RSS 2.0."""

    def get_object(self, request, slug):
        return get_public_campaign(slug)

    def title(self, campaign):
        return _("%(title)s: actions") % {"title": campaign.title}

    def link(self, campaign):
        return campaign.get_absolute_url()

    def description(self, campaign):
        return campaign.summary or campaign.title

    def items(self, campaign):
        return (
            Event.objects.listed()
            .filter(campaign=campaign)
            .select_related("organization")
            .order_by("-created", "-id")[:50]
        )

    def item_title(self, event):
        prefix = "" if event.status == "confirmed" else f"[{event.get_status_display()}] "
        return f"{prefix}{event.title} — {event.city}, {event.country_name}"

    def item_description(self, event):
        local = event.local_start
        where = ", ".join(p for p in [event.venue, address_for(event), event.city] if p)
        return (
            f"{local:%Y-%m-%d %H:%M} {event.time_zone} · {where} · "
            f"{event.organizer_name}\n\n{event.description_html}"
        )

    def item_pubdate(self, event):
        return event.created

    def item_updateddate(self, event):
        return event.updated

    def item_guid(self, event):
        return f"urn:uuid:{event.uid}"

    item_guid_is_permalink = False

    def item_categories(self, event):
        return [event.get_kind_display(), event.country_name]


class CampaignEventsAtom(CampaignEventsFeed):
    feed_type = Atom1Feed

    def subtitle(self, campaign):
        return campaign.summary


def _upcoming(campaign: Campaign):
    return (
        Event.objects.listed()
        .filter(campaign=campaign, ends_at__gte=timezone.now())
        .select_related("organization")
        .order_by("starts_at", "id")[:10]
    )


@xframe_options_exempt
def embed(request, slug):
    """A link card of the campaign's next actions, for another site's iframe."""
    campaign = get_public_campaign(slug)
    response = render(
        request,
        "campaigns/embed.html",
        {
            "campaign": campaign,
            "events": _upcoming(campaign),
            "reader_zone": reader_zone(request),
        },
    )
    response.headers.pop("Content-Security-Policy", None)
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors *"
    )
    return response


def embed_json(request, slug):
    campaign = get_public_campaign(slug)
    base = request.build_absolute_uri("/").rstrip("/")
    items = [
        {
            "uid": str(e.uid),
            "title": e.title,
            "kind": e.kind,
            "status": e.status,
            "starts_at": e.starts_at.isoformat(),
            "ends_at": e.ends_at.isoformat(),
            "time_zone": e.time_zone,
            "local_start": e.local_start.isoformat(),
            "city": e.city,
            "country": e.country,
            "venue": e.venue,
            "address": address_for(e),
            "organizer": e.organizer_name,
            "url": base + e.get_absolute_url(),
        }
        for e in _upcoming(campaign)
    ]
    response = JsonResponse(
        {
            "campaign": {
                "title": campaign.title,
                "url": base + campaign.get_absolute_url(),
                "hashtag": campaign.hashtag,
            },
            "events": items,
            "calendar": base + reverse("campaigns:campaign_ics", args=[campaign.slug]),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
