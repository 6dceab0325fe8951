"""The caller in the API: who they are, where they act, and what awaits their answer."""

from django.http import HttpRequest
from ninja import Router

from caucus.accounts.mfa import has_mfa
from caucus.api.auth import SIGNED_IN
from caucus.api.me.schemas import MeOut
from caucus.api.schemas import ERRORS
from caucus.coalitions.models import Coalition, CoalitionMembership, MemberStatus
from caucus.organizations.models import Role

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, **ERRORS}, auth=SIGNED_IN)
def me(request: HttpRequest):
    """The caller's organizations and coalitions, as on their dashboard."""
    user = request.user
    memberships = list(
        user.memberships.select_related("organization").order_by("organization__slug")
    )
    admin_orgs = [m.organization_id for m in memberships if m.role == Role.ADMIN]
    pending = (
        CoalitionMembership.objects.filter(
            organization_id__in=admin_orgs, status=MemberStatus.INVITED
        )
        .select_related("coalition", "organization")
        .order_by("coalition__slug", "organization__slug")
    )
    coordinating = set(user.coordinating.values_list("coalition_id", flat=True))
    coalitions = Coalition.objects.for_user(user).order_by("slug")
    return {
        "id": user.pk,
        "name": str(user),
        "email": user.email,
        "has_mfa": has_mfa(user),
        "memberships": memberships,
        "coalitions": [
            {"slug": c.slug, "name": c.name, "coordinating": c.pk in coordinating}
            for c in coalitions
        ],
        "pending_coalition_invitations": list(pending),
    }
