"""The guards for coalitions: coordinators act; members of active organizations read."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition, Coordinator
from caucus.organizations.permissions import require_mfa


def is_coordinator(user, coalition: Coalition) -> bool:
    return (
        user.is_authenticated
        and Coordinator.objects.filter(coalition=coalition, user=user).exists()
    )


def is_member(user, coalition: Coalition) -> bool:
    """A coordinator, or someone in an organization that is an active member."""
    if not user.is_authenticated:
        return False
    return is_coordinator(user, coalition) or coalition.memberships.active().of_user(user).exists()


def get_coalition_for_reader(request: HttpRequest, slug: str) -> tuple[Coalition, bool]:
    """(coalition, is_member) for its public pages and feeds: listed, or the reader is a
    member; 404 otherwise, so an unlisted coalition's name is not confirmed to strangers."""
    coalition = get_object_or_404(Coalition, slug=slug)
    member = is_member(request.user, coalition)
    if not coalition.is_public and not member:
        raise Http404
    return coalition, member


def get_coalition_for_coordinator(request: HttpRequest, slug: str) -> Coalition:
    coalition = get_object_or_404(Coalition, slug=slug)
    if not is_coordinator(request.user, coalition):
        raise PermissionDenied(_("Only the coalition's coordinators can do this."))
    require_mfa(request.user)
    return coalition


def get_coalition_for_member(request: HttpRequest, slug: str) -> tuple[Coalition, bool]:
    """(coalition, is_coordinator) for a person entitled to the coalition's private pages."""
    coalition = get_object_or_404(Coalition, slug=slug)
    if not is_member(request.user, coalition):
        raise PermissionDenied(_("Only members of the coalition can see this."))
    require_mfa(request.user)
    return coalition, is_coordinator(request.user, coalition)
