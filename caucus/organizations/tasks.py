"""Invitation emails, sent by the task worker."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from caucus.accounts.emails import language_for, send_templated
from caucus.lib.urls import absolute_url
from caucus.organizations.tokens import invitation_tokens


@task()
def send_invitation(invitation_id: int) -> None:
    """Email the invitation link once, however often the task runs (claim, then send)."""
    from caucus.organizations.models import Invitation

    claimed = Invitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if claimed != 1:
        return
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation_id
    )
    token = invitation_tokens.make(invitation.pk, invitation.token_state())
    link = absolute_url(reverse("organizations:invitation", args=[token]))
    send_templated(
        "invitation",
        to=[invitation.email],
        context={"invitation": invitation, "link": link, "site_url": settings.SITE_URL},
        language=language_for([invitation.organization]),
    )
