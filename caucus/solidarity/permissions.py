"""The guards for solidarity cases.

Rules (issue 7):
- the coalition's coordinators open cases, edit them and see the full record (full name,
  city, photo of a protected person);
- editors and admins of an active member organization open cases for their organization and
  edit those; of a protected case they see only what the public sees and change nothing (the
  Trust issue: whoever may write public text of a protected case learns from a refusal
  whether a guess is part of the secret, so only those who know the secret write it);
- everyone else reads published cases through their public accessors only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import is_coordinator
from caucus.organizations.models import Organization, Role
from caucus.organizations.permissions import require_mfa
from caucus.solidarity.models import Case

EDITOR_ROLES = [Role.EDITOR, Role.ADMIN]


def editable_organizations(user, coalition: Coalition):
    """Active member organizations of `coalition` where `user` is an editor or admin."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return (
        coalition.active_organizations()
        .filter(memberships__user=user, memberships__role__in=EDITOR_ROLES)
        .distinct()
    )


def can_edit_case(user, case: Case) -> bool:
    if is_coordinator(user, case.coalition):
        return True
    return (
        case.organization_id is not None
        and editable_organizations(user, case.coalition).filter(pk=case.organization_id).exists()
    )


def may_open_cases(user, coalition: Coalition) -> bool:
    """Coordinators, and editors or admins of active member organizations."""
    return is_coordinator(user, coalition) or editable_organizations(user, coalition).exists()


def get_coalition_for_case_opener(request: HttpRequest, slug: str) -> tuple[Coalition, bool]:
    """(coalition, is_coordinator) for someone who may open and list the coalition's cases."""
    coalition = get_object_or_404(Coalition, slug=slug)
    coordinating = is_coordinator(request.user, coalition)
    # may_open_cases(), without asking again whether the user coordinates
    if not coordinating and not editable_organizations(request.user, coalition).exists():
        raise PermissionDenied(
            _("Only coordinators and editors of member organizations can manage cases.")
        )
    require_mfa(request.user)
    return coalition, coordinating


def get_case_for_user(
    request: HttpRequest, slug: str, case_slug: str, *, write: bool = False
) -> tuple[Case, bool]:
    """(case, sees_full_record) for someone who may keep the case file; 403/404 otherwise.

    Only coordinators see the full record of a protected case, and only they change one
    (`write`): its display name, public text, timeline or links.
    """
    case = get_object_or_404(
        Case.objects.select_related("coalition", "organization", "record"),
        coalition__slug=slug,
        slug=case_slug,
    )
    if not can_edit_case(request.user, case):
        raise PermissionDenied(_("Only the coalition's coordinators can edit this case."))
    require_mfa(request.user)
    coordinating = is_coordinator(request.user, case.coalition)
    if write and case.protected and not coordinating:
        raise PermissionDenied(_("Only the coalition's coordinators change a protected case."))
    return case, coordinating


def get_public_case(slug: str) -> Case:
    """The case `slug` if the public may read it."""
    case = (
        Case.objects.public()
        .select_related("coalition", "organization", "record")
        .filter(slug=slug)
        .first()
    )
    if case is None:
        raise Http404(_("No such case."))
    return case


def active_member(organization: Organization | None, coalition: Coalition) -> bool:
    return organization is None or coalition.has_active_member(organization)
