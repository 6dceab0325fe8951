"""Reads for other pages: the coming court hearings of a person's coalitions (dashboard)."""

from datetime import timedelta

from django.utils import timezone

from caucus.coalitions.models import Coalition
from caucus.solidarity.models import Case, EntryKind, TimelineEntry


def upcoming_hearings_for(user, *, days: int = 30, limit: int = 10) -> list[TimelineEntry]:
    """Hearings of published cases of the person's coalitions within `days`, soonest first.

    Only published cases, shown through their public accessors (public_title, public_place):
    the dashboard is no place for a protected person's name (one query).
    """
    now = timezone.now()
    cases = (
        Case.objects.public().filter(coalition__in=Coalition.objects.for_user(user)).values("pk")
    )
    return list(
        TimelineEntry.objects.filter(
            case__in=cases,
            kind=EntryKind.HEARING,
            starts_at__gte=now - timedelta(hours=6),
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("case__coalition", "case__record")
        .order_by("starts_at", "pk")[:limit]
    )
