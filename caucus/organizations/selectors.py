"""Reads for the dashboard: invitations into organizations addressed to the person."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from caucus.organizations.models import Invitation
from caucus.organizations.tokens import invitation_tokens


@dataclass
class PersonalInvitation:
    invitation: Invitation
    link: str  # the same signed link the email carries


def invitations_for(user) -> list[PersonalInvitation]:
    """Pending invitations to the person's own address into organizations they are not in
    yet, with their link (one query). The address is the account's, which allauth verified,
    so showing the link to its owner reveals nothing the email would not."""
    if not user.email:
        return []
    oldest = timezone.now() - timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    rows = (
        Invitation.objects.filter(
            email__iexact=user.email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            created__gt=oldest,
        )
        .exclude(organization__memberships__user=user)
        .select_related("organization")
        .order_by("created", "pk")
    )
    return [
        PersonalInvitation(
            row,
            reverse(
                "organizations:invitation", args=[invitation_tokens.make(row.pk, row.token_state())]
            ),
        )
        for row in rows
    ]
