"""What the confirmation page for removing a person from an organization says."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.lib.bidi import sentence
from caucus.organizations.models import Invitation, Membership


def confirm_remove_member(member: Membership, *, actor) -> dict:
    names = {"user": str(member.user), "org": member.organization.name}
    if member.user_id == actor.pk:
        consequence = _(
            "You will leave %(org)s at once: you can no longer act for it, sign, vote or draft "
            "in its name, nor open this page."
        )
    else:
        consequence = _(
            "%(user)s will no longer be a member of %(org)s: they can no longer act for it, "
            "sign, vote or draft in its name. What they did stays in the audit log."
        )
    return {
        "title": _("Remove a member"),
        "subject": str(member.user),
        "consequence": sentence(consequence, names),
        "undo": _("To undo, invite them again: they get a new link by email."),
        "button": sentence(_("Remove %(user)s"), names),
        "cancel_url": reverse("organizations:manage", args=[member.organization.slug]),
    }


def confirm_revoke_invitation(invitation: Invitation) -> dict:
    names = {"email": invitation.email, "org": invitation.organization.name}
    return {
        "title": _("Revoke an invitation"),
        "subject": invitation.email,
        "consequence": sentence(
            _(
                "The link sent to %(email)s stops working: nobody can join %(org)s with it "
                "any more."
            ),
            names,
        ),
        "undo": _("You can invite them again at any time: they get a new link by email."),
        "button": _("Revoke the invitation"),
        "cancel_url": reverse("organizations:manage", args=[invitation.organization.slug]),
    }
