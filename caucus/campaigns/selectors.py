"""Reads for other pages: outside hosts' proposed actions waiting for a coordinator (the
dashboard), and the actions an organization hosts (its public page)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from caucus.campaigns.models import Approval, Event
from caucus.coalitions.models import Coordinator


def host_proposals_to_review(user, *, limit: int = 20) -> QuerySet[Event]:
    """Actions proposed by outside hosts to campaigns of the coalitions the person
    coordinates, waiting for a decision, oldest first (one query). Only coordinators review
    them (campaigns.views.host_review_list)."""
    return (
        Event.objects.filter(
            campaign__coalition_id__in=Coordinator.objects.filter(user=user).values(
                "coalition_id"
            ),
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
