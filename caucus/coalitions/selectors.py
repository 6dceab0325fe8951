"""Reads for the dashboard: a person's coalitions with their role, and the invitations to a
coalition that the person's organizations have to answer."""

from django.db.models import Exists, OuterRef, QuerySet

from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, MemberStatus
from caucus.organizations.models import Membership, Role


def coalitions_for(user) -> QuerySet[Coalition]:
    """The person's coalitions (coordinating, or through an active member organization),
    each with `coordinating` set, coordinated ones first (one query)."""
    return (
        Coalition.objects.for_user(user)
        .annotate(
            coordinating=Exists(Coordinator.objects.filter(coalition=OuterRef("pk"), user=user))
        )
        .order_by("-coordinating", "name")
    )


def invitations_to_answer(user) -> QuerySet[CoalitionMembership]:
    """Pending invitations of organizations the person is an admin of: only admins answer
    (coalitions.views.memberships.respond), oldest first (one query)."""
    administered = Membership.objects.filter(user=user, role=Role.ADMIN).values("organization_id")
    return (
        CoalitionMembership.objects.filter(
            organization_id__in=administered, status=MemberStatus.INVITED
        )
        .select_related("coalition", "organization")
        .order_by("invited_at", "pk")
    )
