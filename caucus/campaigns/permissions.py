"""The guards for campaigns and events: coordinators run campaigns, members register events."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.campaigns.models import Approval, Campaign, Event
from caucus.coalitions.permissions import is_coordinator
from caucus.organizations.models import Membership, Role
from caucus.organizations.permissions import get_membership_for_user, require_mfa


def get_public_campaign(slug: str) -> Campaign:
    """A campaign of a publicly listed coalition, or 404."""
    return get_object_or_404(
        Campaign.objects.select_related("coalition"), slug=slug, coalition__is_public=True
    )


def get_campaign_for_coordinator(request: HttpRequest, slug: str) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("coalition"), slug=slug)
    if not is_coordinator(request.user, campaign.coalition):
        raise PermissionDenied(_("Only the coalition's coordinators can do this."))
    require_mfa(request.user)
    return campaign


def get_membership_for_campaign(request: HttpRequest, campaign: Campaign, org_slug: str):
    """The caller's membership of an organization that may register actions in `campaign`."""
    membership = get_membership_for_user(request, org_slug, role=Role.DELEGATE)
    if not campaign.coalition.has_active_member(membership.organization):
        raise PermissionDenied(_("This organization is not an active member of the coalition."))
    return membership


def get_event_for_user(request: HttpRequest, uid) -> Event:
    """An event anyone may see (approved), or a pending one for its coalition's coordinators."""
    event = get_object_or_404(
        Event.objects.select_related("campaign__coalition", "organization", "day_of_action"),
        uid=uid,
    )
    if event.approval == Approval.APPROVED:
        return event
    if event.campaign is not None and is_coordinator(request.user, event.campaign.coalition):
        return event
    raise Http404


def get_event_for_editor(request: HttpRequest, uid) -> Event:
    """An event the caller may change: an editor or delegate of its organization, or a
    coordinator of its campaign's coalition; a second factor in both cases."""
    event = get_event_for_user(request, uid)
    user = request.user
    allowed = user.is_authenticated and (
        (
            event.organization_id is not None
            and Membership.objects.filter(organization=event.organization, user=user).exists()
        )
        or (event.campaign is not None and is_coordinator(user, event.campaign.coalition))
    )
    if not allowed:
        raise PermissionDenied(_("Only the organizers of this event can change it."))
    require_mfa(user)
    return event
