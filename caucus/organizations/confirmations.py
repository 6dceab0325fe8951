"""What the confirmation pages for removing a person from an organization, lowering their
role and revoking an invitation say."""

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from caucus.lib.bidi import sentence
from caucus.organizations.models import ROLE_RANK, Invitation, Membership, Role


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


def lowers_role(member: Membership, role: str) -> bool:
    """Whether giving `member` the role `role` takes powers away: that change asks first."""
    return ROLE_RANK[Role(role)] < ROLE_RANK[Role(member.role)]


def confirm_change_role(member: Membership, role: str, *, actor) -> dict:
    names = {
        "user": str(member.user),
        "org": member.organization.name,
        "old": conditional_escape(Role(member.role).label),
        "new": conditional_escape(Role(role).label),
    }
    if member.user_id == actor.pk:
        consequence = _(
            "You will be %(new)s of %(org)s instead of %(old)s, at once: you lose what only "
            "the %(old)s role may do, and cannot give it back to yourself."
        )
        undo = _("To undo, another admin of %(org)s gives you the role again.")
    else:
        consequence = _(
            "%(user)s will be %(new)s of %(org)s instead of %(old)s, at once: they lose what "
            "only the %(old)s role may do. What they did stays in the audit log."
        )
        undo = _("To undo, change their role back.")
    return {
        "title": _("Lower a member's role"),
        "subject": str(member.user),
        "consequence": sentence(consequence, names),
        "undo": sentence(undo, names),
        "button": sentence(_("Change the role to %(new)s"), names),
        "cancel_url": reverse("organizations:manage", args=[member.organization.slug]),
        "template": "organizations/confirm_role.html",
        "extra": {"role": role},
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
