"""Court hearings of the coalition's solidarity cases on a campaign's calendar and feed.

Supporters gather at the court (issue 7), so a campaign's month and week grids and its
iCalendar feeds carry the hearings of the coalition's public cases next to the actions. They
are read through caucus/solidarity's selectors and shown through the case's public accessors
only (a protected case keeps its display name; its full name and city never appear), and a
feed serializes them with caucus/solidarity/ical.py, so a hearing keeps the UID and SEQUENCE
of the hearings' own calendar and a deleted one stays as STATUS:CANCELLED.

The calendar's filters apply as far as a hearing has the field: country, city (not of a
protected case), organization and date; a day of action or a kind of action leaves them out.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db.models import QuerySet

GRID_MAX = 200  # hearings in one month's grid: far more than any coalition has


@dataclass(frozen=True)
class Hearing:
    """A hearing as a calendar shows it: the case's public name, the place, the court's zone."""

    name: str
    place: str
    url: str
    starts_at: datetime
    time_zone: str
    cancelled: bool


def filter_values(form) -> dict:
    """The calendar's filters as the events got them: none at all when the form is invalid
    (caucus/campaigns/selectors.events_matching lists every event then)."""
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def _narrowed(queryset: QuerySet, data: dict, zone) -> QuerySet | None:
    """The hearings the calendar's filters let through, or None when they exclude all."""
    if data.get("day") or data.get("kind"):
        return None
    if data.get("country"):
        queryset = queryset.filter(case__country=data["country"])
    if data.get("city"):
        queryset = queryset.filter(case__protected=False, case__record__city__iexact=data["city"])
    if data.get("org"):
        queryset = queryset.filter(case__organization__slug=data["org"])
    if data.get("date"):
        start = datetime.combine(data["date"], time(), tzinfo=zone)
        queryset = queryset.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    return queryset


def _selected(campaign, filters: dict, zone, since: datetime, until: datetime | None, limit: int):
    """(timed hearings, cancelled hearings) of the campaign's coalition in [since, until)."""
    from caucus.solidarity.models import public_cancelled_hearings, public_hearings

    found = []
    for queryset in (
        public_hearings(campaign.coalition),
        public_cancelled_hearings(campaign.coalition),
    ):
        queryset = queryset.filter(starts_at__gte=since)
        if until is not None:
            queryset = queryset.filter(starts_at__lt=until)
        queryset = _narrowed(queryset, filters, zone)
        found.append([] if queryset is None else list(queryset.order_by("starts_at", "pk")[:limit]))
    return found[0], found[1]


def _shown(entry, cancelled: bool) -> Hearing:
    """A timed hearing or a cancelled one, through the case's public accessors."""
    case = entry.case
    return Hearing(
        name=case.public_display_name,
        place=case.public_text(entry.place),
        url=case.get_absolute_url(),
        starts_at=entry.starts_at,
        time_zone=entry.time_zone or "UTC",
        cancelled=cancelled,
    )


def grid_hearings(campaign, filters: dict, bounds: list[datetime], zone) -> list[list[Hearing]]:
    """Per day of a grid (the reader's days, `bounds` as in views/calendar._grid), the
    hearings starting that day, in two queries whatever the number of days."""
    days: list[list[Hearing]] = [[] for _ in range(len(bounds) - 1)]
    entries, cancelled = _selected(campaign, filters, zone, bounds[0], bounds[-1], GRID_MAX)
    shown = [_shown(e, False) for e in entries] + [_shown(c, True) for c in cancelled]
    edges = [bound.astimezone(UTC) for bound in bounds]
    for hearing in sorted(shown, key=lambda h: h.starts_at):
        days[bisect_right(edges, hearing.starts_at) - 1].append(hearing)
    return days


@dataclass(frozen=True)
class FeedHearings:
    """The hearings a campaign's feed carries (timed ones, and cancelled ones)."""

    entries: list
    cancelled: list

    def fingerprint(self) -> list[tuple]:
        """What a hearing's VEVENT shows moves one of these (an edit of the case moves its
        `updated`); the case's private fields stay out of the feed's ETag on purpose."""
        return [
            ("h", e.pk, e.sequence, e.updated, e.case.updated, e.case.protected)
            for e in self.entries
        ] + [("c", c.uid, c.sequence, c.case.updated, c.case.protected) for c in self.cancelled]

    def components(self) -> list[tuple[bytes, str, int]]:
        """(VEVENT, TZID, year) of each, serialized by the hearings' own calendar."""
        from caucus.solidarity.ical import cancelled_event, hearing_event

        return [
            (hearing_event(e).to_ical(), e.time_zone or "UTC", e.starts_at.year)
            for e in self.entries
        ] + [(cancelled_event(c).to_ical(), c.time_zone, c.starts_at.year) for c in self.cancelled]


def feed_hearings(campaign, filters: dict, zone, *, since: datetime, limit: int) -> FeedHearings:
    """The coalition's public hearings from `since` on that the feed's filters let through."""
    entries, cancelled = _selected(campaign, filters, zone, since, None, limit)
    return FeedHearings(entries=entries, cancelled=cancelled)
