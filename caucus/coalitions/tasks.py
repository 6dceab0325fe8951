"""Telling an organization's admins that a coalition invited it."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from caucus.accounts.emails import language_for, send_templated, send_to_each
from caucus.lib.urls import absolute_url


@task()
def notify_coalition_invitation(membership_id: int) -> None:
    from caucus.coalitions.models import CoalitionMembership, MemberStatus
    from caucus.organizations.models import Role

    membership = (
        CoalitionMembership.objects.select_related("coalition", "organization")
        .filter(pk=membership_id, status=MemberStatus.INVITED)
        .first()
    )
    if membership is None:  # answered or withdrawn before the worker got here
        return
    admins = membership.organization.memberships.filter(role=Role.ADMIN).select_related("user")
    link = absolute_url(reverse("accounts:dashboard"))
    language = language_for([membership.organization])
    send_to_each(
        admins,
        lambda admin: send_templated(
            "coalition-invitation",
            to=[admin.user.email],
            context={
                "membership": membership,
                "user": admin.user,
                "link": link,
                "site_url": settings.SITE_URL,
            },
            language=language,
        ),
    )
