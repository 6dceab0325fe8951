"""The one guard for acting for an organization: member, role, and a second factor."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.accounts.mfa import has_mfa
from caucus.organizations.models import Membership, Organization, Role


class MFARequired(PermissionDenied):
    """The person has the role but no second factor yet; the 403 page tells them how."""


def require_mfa(user) -> None:
    if not has_mfa(user):
        raise MFARequired(_("Set up two-factor authentication to act for an organization."))


def may_act(user, membership: Membership | None, role: str = Role.DELEGATE) -> bool:
    """Whether get_membership_for_user lets `user` act as `role` through `membership`: the
    question a page asks before it shows an action, so nobody is shown one that refuses them
    (issue 14)."""
    return membership is not None and membership.has_role(role) and has_mfa(user)


def get_membership_for_user(
    request: HttpRequest, slug: str, *, role: str = Role.DELEGATE, act: bool = True
) -> Membership:
    """The signed-in person's membership of organization `slug`, if it allows acting as `role`.

    404 for an unknown organization, 403 for a non-member or a lower role, and MFARequired
    until the person has a second factor when `act` (reading the dashboard needs no second
    factor, so a newly invited person can land there). Operators act through the admin.
    """
    organization = get_object_or_404(Organization, slug=slug)
    user = request.user if request.user.is_authenticated else None
    membership = (
        Membership.objects.filter(organization=organization, user=user)
        .select_related("organization", "user")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("You are not a member of this organization."))
    if not membership.has_role(role):
        raise PermissionDenied(_("This needs the %(role)s role.") % {"role": Role(role).label})
    if act:
        require_mfa(request.user)
    return membership


def get_organization_for_reader(request: HttpRequest, slug: str) -> tuple[Organization, bool]:
    """(organization, is_member) for its public page: listed, or the reader is a member."""
    organization = get_object_or_404(Organization, slug=slug)
    is_member = (
        request.user.is_authenticated
        and organization.memberships.filter(user=request.user).exists()
    )
    if not organization.is_public and not is_member:
        raise Http404
    return organization, is_member
