"""The guards for meetings, motions, votes and actions: members read, coordinators run them.

Every private object of this app is reached through one of these functions, which never
write (closing a due vote is the views' explicit call).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.models import ActionItem, AgendaItem, Meeting, Motion, Vote
from caucus.organizations.models import Membership, Organization, Role
from caucus.organizations.permissions import require_mfa


def require_coordinator(coordinating: bool) -> None:
    if not coordinating:
        raise PermissionDenied(_("Only the coalition's coordinators can do this."))


def get_meeting_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[Meeting, bool]:
    """(meeting, is_coordinator) for a member of the coalition (with a second factor)."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("coalition"), pk=pk, coalition=coalition
    )
    return meeting, coordinating


def get_agenda_item_for_coordinator(
    request: HttpRequest, slug: str, pk: int, item_pk: int
) -> AgendaItem:
    """An item of a meeting's agenda, for a coordinator of the meeting's coalition."""
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    item.meeting = meeting
    return item


def may_update_action(user, action: ActionItem, coordinating: bool, *, mine=None) -> bool:
    """A coordinator, or a member of one of the action's responsible organizations.

    `mine`, the ids of the person's organizations, saves a query per action in lists.
    """
    if coordinating:
        return True
    if mine is not None:
        return any(org.pk in mine for org in action.responsible.all())
    return Membership.objects.filter(user=user, organization__in=action.responsible.all()).exists()


def get_motion_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[Motion, bool]:
    coalition, coordinating = get_coalition_for_member(request, slug)
    motion = get_object_or_404(
        Motion.objects.select_related("coalition", "proposer", "meeting"),
        pk=pk,
        coalition=coalition,
    )
    return motion, coordinating


def get_vote_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[Vote, bool]:
    """(vote, is_coordinator) for a member of the vote's coalition. Guards only read: the views
    that show a result close a due vote first (services.votes.close_if_due)."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    vote = get_object_or_404(
        Vote.objects.select_related("motion__coalition", "motion__proposer"),
        pk=pk,
        motion__coalition=coalition,
    )
    return vote, coordinating


def get_vote_for_voter(request: HttpRequest, slug: str, pk: int) -> tuple[Vote, list[Organization]]:
    """(vote, the eligible organizations the person casts ballots for): a delegate (or higher)
    of one of them, with a second factor. Shared by the web's ballot and the API's."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    require_mfa(request.user)
    organizations = voting_organizations(request.user, vote, vote.manifest())
    if not organizations:
        raise PermissionDenied(_("You are not a delegate of an organization eligible to vote."))
    return vote, organizations


def get_action_for_user(request: HttpRequest, slug: str, pk: int) -> ActionItem:
    """An action item the person may update: a coordinator, or a delegate of a responsible org."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    action = get_object_or_404(ActionItem, pk=pk, coalition=coalition)
    if not may_update_action(request.user, action, coordinating):
        raise PermissionDenied(_("Only the responsible organizations can update this action."))
    return action


def voting_organizations(user, vote: Vote, manifest: dict) -> list[Organization]:
    """The eligible organizations the person is a delegate (or higher) of."""
    eligible = {row["org"] for row in manifest.get("eligible", [])}
    rows = Membership.objects.filter(user=user, organization__slug__in=eligible).select_related(
        "organization"
    )
    return [m.organization for m in rows if m.has_role(Role.DELEGATE)]


def member_organizations(user, coalition: Coalition) -> list[Organization]:
    """Active member organizations the person can act for (proposing motions)."""
    return list(coalition.active_organizations().filter(memberships__user=user).order_by("name"))
