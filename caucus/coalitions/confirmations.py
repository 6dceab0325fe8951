"""What the confirmation pages of a coalition's removals say (caucus/lib/confirm.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.coalitions.models import CoalitionMembership, Coordinator, MemberStatus
from caucus.lib.bidi import sentence


def confirm_remove_member(row: CoalitionMembership) -> dict:
    names = {"org": row.organization.name, "coalition": row.coalition.name}
    cancel = reverse("coalitions:manage", args=[row.coalition.slug])
    if row.status == MemberStatus.INVITED:
        return {
            "title": _("Withdraw the invitation"),
            "subject": row.organization.name,
            "consequence": sentence(
                _("%(org)s will no longer be able to join %(coalition)s."), names
            ),
            "undo": _("You can invite it again at any time."),
            "button": _("Withdraw the invitation"),
            "cancel_url": cancel,
        }
    return {
        "title": _("Remove a member organization"),
        "subject": row.organization.name,
        "consequence": sentence(
            _(
                "%(org)s will no longer be a member of %(coalition)s: its people lose access to "
                "the coalition's drafts, meetings and votes, and it is no longer listed as a "
                "member. Its past signatures and ballots stay."
            ),
            names,
        ),
        "undo": _(
            "To undo, invite it again from the coalition's page (“Invite again”); its admins "
            "then accept."
        ),
        "button": sentence(_("Remove %(org)s"), names),
        "cancel_url": cancel,
    }


def confirm_remove_coordinator(coordinator: Coordinator) -> dict:
    names = {"user": str(coordinator.user), "coalition": coordinator.coalition.name}
    return {
        "title": _("Remove a coordinator"),
        "subject": str(coordinator.user),
        "consequence": sentence(
            _(
                "%(user)s will no longer coordinate %(coalition)s: they can no longer invite "
                "organizations, edit the platform, run meetings and votes or publish the "
                "coalition's statements. They stay in their organization."
            ),
            names,
        ),
        "undo": _("Any coordinator can make them a coordinator again."),
        "button": sentence(_("Remove %(user)s as coordinator"), names),
        "cancel_url": reverse("coalitions:manage", args=[coordinator.coalition.slug]),
    }


def confirm_leave(row: CoalitionMembership) -> dict:
    """An admin of a member organization takes it out of the coalition."""
    names = {"org": row.organization.name, "coalition": row.coalition.name}
    return {
        "title": _("Leave a coalition"),
        "subject": row.coalition.name,
        "consequence": sentence(
            _(
                "%(org)s will no longer be a member of %(coalition)s: its people lose access to "
                "the coalition's drafts, meetings and votes, and it is no longer listed as a "
                "member. Its past signatures and ballots stay."
            ),
            names,
        ),
        "undo": sentence(
            _(
                "To come back, a coordinator of %(coalition)s invites %(org)s again and one of "
                "its admins accepts."
            ),
            names,
        ),
        "button": sentence(_("Leave %(coalition)s"), names),
        "cancel_url": reverse("organizations:manage", args=[row.organization.slug]),
    }


def confirm_decline_invitation(row: CoalitionMembership) -> dict:
    """An admin of the invited organization declines on its behalf."""
    names = {"org": row.organization.name, "coalition": row.coalition.name}
    return {
        "title": _("Decline an invitation"),
        "subject": row.coalition.name,
        "consequence": sentence(
            _(
                "%(org)s will not join %(coalition)s: the invitation closes and its "
                "coordinators see that it was declined."
            ),
            names,
        ),
        "undo": sentence(
            _("To change your mind, a coordinator of %(coalition)s can invite %(org)s again."),
            names,
        ),
        "button": _("Decline the invitation"),
        "cancel_url": reverse("accounts:dashboard"),
        "template": "coalitions/confirm_decline.html",
    }
