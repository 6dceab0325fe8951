"""Finding actions: the calendar's month, week and list views and their filters.

Every query here is bounded: lists are paginated, the month and week grids count per day
in one aggregate and fetch at most a few events per day, and the coalition's court hearings
of the grid's days come in two more queries (caucus/campaigns/hearings.py). The feeds and
embeds are in caucus/campaigns/views/feeds.py.
"""

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncHour
from django.shortcuts import render

from caucus.campaigns.forms import FIRST_DAY, LAST_DAY, FilterForm, in_range
from caucus.campaigns.hearings import filter_values, grid_hearings
from caucus.campaigns.permissions import get_public_campaign
from caucus.campaigns.reader import by_day, reader_zone
from caucus.campaigns.selectors import events_matching
from caucus.campaigns.translated import campaign_reading, localized


def _clamp(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


PAGE_SIZE = 50
PER_DAY = 3


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


def _grid(events, first: date, days: int, zone, hearings=None, per_day=PER_DAY) -> list[dict]:
    """Per day: its date, the number of events, the first `per_day` (one query per day; all
    of them with None, as the week view shows), and the coalition's court hearings that day
    when `hearings(bounds)` is given."""
    bounds = _day_starts(first, days, zone)
    counts = _day_counts(events, bounds)
    by_day = hearings(bounds) if hearings is not None else [[] for _ in range(days)]
    cells = []
    for n in range(days):
        count = counts[n]
        shown = (
            list(
                events.filter(starts_at__gte=bounds[n], starts_at__lt=bounds[n + 1])
                .select_related("organization")
                .order_by("starts_at", "id")[:per_day]
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
                "hearings": by_day[n],
            }
        )
    return cells


def _month(value: str, default: date) -> date:
    try:
        first = datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        first = None
    return first if first is not None and in_range(first) else _clamp(default).replace(day=1)


def _week(value: str, default: date) -> date:
    """The Monday of the week of `value` (an ISO date), else of the campaign's first day."""
    try:
        start = date.fromisoformat(value)
    except ValueError:
        start = None
    if start is None or not in_range(start):
        start = _clamp(default)
    return start - timedelta(days=start.weekday())


def calendar(request, slug):
    campaign = get_public_campaign(slug)
    zone = reader_zone(request)
    form = FilterForm(request.GET or None, campaign=campaign)
    events = events_matching(campaign, form, zone)
    view = request.GET.get("view", "list")
    ctx = {"form": form, "reader_zone": zone, "view": view}
    # The title in the reader's language (issue 16), like the campaign page's.
    ctx.update(localized(campaign_reading(request, campaign), campaign))
    if form.is_valid() and form.cleaned_data["country"]:
        # The subscription offered is the country's feed (the per-country iCal).
        ctx["country_filter"] = form.cleaned_data["country"]
    filters = filter_values(form)

    def hearings(bounds):
        return grid_hearings(campaign, filters, bounds, zone)

    if view == "month":
        first = _month(request.GET.get("month", ""), campaign.starts_on)
        following = (first + timedelta(days=32)).replace(day=1)
        days = (following - first).days
        cells = _grid(events, first, days, zone, hearings)
        lead = [None] * first.weekday()
        ctx.update(
            first=first,
            cells=lead + cells,
            previous=(first - timedelta(days=1)).strftime("%Y-%m"),
            next=following.strftime("%Y-%m"),
        )
    elif view == "week":
        start = _week(request.GET.get("week", ""), campaign.starts_on)
        ctx.update(
            first=start,
            cells=_grid(events, start, 7, zone, hearings, per_day=None),
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
        ctx["event_days"] = by_day(page.object_list, zone)
    return render(request, "campaigns/calendar.html", ctx)
