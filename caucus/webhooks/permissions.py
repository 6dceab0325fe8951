"""The guard for webhooks: who manages the webhooks of a coalition or an organization.

A coalition's are managed by its coordinators, an organization's by its admins; both with a
second factor. Everyone else gets 403 (404 for a coalition or organization that does not exist).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition, Coordinator
from caucus.coalitions.permissions import is_coordinator
from caucus.organizations.models import Membership, Organization, Role
from caucus.organizations.permissions import require_mfa
from caucus.webhooks.models import Webhook


def get_owner_for_admin(
    request: HttpRequest, *, coalition: str = "", organization: str = ""
) -> Coalition | Organization:
    """The coalition (by its coordinators) or organization (by its admins) named by slug."""
    user = request.user
    owner: Coalition | Organization
    if coalition:
        owner = get_object_or_404(Coalition, slug=coalition)
        allowed = is_coordinator(user, owner)
    else:
        owner = get_object_or_404(Organization, slug=organization)
        allowed = (
            user.is_authenticated
            and Membership.objects.filter(organization=owner, user=user, role=Role.ADMIN).exists()
        )
    if not allowed:
        raise PermissionDenied(
            _("Only a coalition's coordinators or an organization's admins manage its webhooks.")
        )
    require_mfa(user)
    return owner


def webhooks_for_admin(user) -> QuerySet[Webhook]:
    """Every webhook `user` manages."""
    if not user.is_authenticated:
        return Webhook.objects.none()
    coalitions = Coordinator.objects.filter(user=user).values("coalition_id")
    organizations = Membership.objects.filter(user=user, role=Role.ADMIN).values("organization_id")
    return Webhook.objects.filter(
        Q(coalition_id__in=coalitions) | Q(organization_id__in=organizations)
    )


def get_webhook_for_admin(owner: Coalition | Organization, pk: int) -> Webhook:
    """One webhook of `owner` (which get_owner_for_admin has let the caller manage), or 404."""
    scope = {"coalition": owner} if isinstance(owner, Coalition) else {"organization": owner}
    return get_object_or_404(Webhook, pk=pk, **scope)
