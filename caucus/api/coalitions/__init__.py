"""Coalitions in the API: public pages, the workspace of members, and coordinating."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, ANYONE_DOC, SIGNED_IN
from caucus.api.coalitions.schemas import (
    AnswerIn,
    CoalitionIn,
    CoalitionMembershipOut,
    CoalitionOut,
    CoalitionPatch,
    CoalitionSettingsOut,
    CoalitionSummary,
    CoordinatorIn,
    CoordinatorOut,
    InviteOrganizationIn,
    PlatformIn,
    PlatformVersionOut,
)
from caucus.api.forms import patch_data, valid
from caucus.api.organizations.schemas import UserOut
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, AuditEntryOut
from caucus.audit.models import AuditEntry
from caucus.coalitions import services
from caucus.coalitions.forms import CoalitionForm, CoordinatorForm, InviteOrganizationForm
from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator
from caucus.coalitions.permissions import (
    get_coalition_for_coordinator,
    get_coalition_for_member,
    get_coalition_for_reader,
)
from caucus.organizations.models import Role
from caucus.organizations.permissions import get_membership_for_user

router = Router(tags=["coalitions"])

SETTINGS_FIELDS = CoalitionForm.Meta.fields


@router.get(
    "/coalitions",
    response={200: list[CoalitionSummary], **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
@paginate(Pages)
def list_coalitions(request: HttpRequest):
    """Listed coalitions, by slug."""
    return Coalition.objects.public().order_by("slug")


@router.get(
    "/coalitions/{slug:slug}",
    response={200: CoalitionOut, **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
def get_coalition(request: HttpRequest, slug: str):
    """A coalition's page: its current platform, and its members when the caller may see them.

    `members` is null unless the member list is public or the caller is a member; the
    number of active members is always given.
    """
    coalition, member = get_coalition_for_reader(request, slug)
    active = coalition.active_members().order_by("organization__country", "organization__name")
    visible = coalition.member_list_is_public or member
    return {
        "name": coalition.name,
        "slug": coalition.slug,
        "created": coalition.created,
        "description_html": coalition.description_html,
        "member_list": coalition.member_list,
        "platform": coalition.current_platform(),
        "member_count": coalition.memberships.active().count(),
        "members": list(active) if visible else None,
    }


@router.post("/coalitions", response={201: CoalitionSettingsOut, **ERRORS}, auth=SIGNED_IN)
def create_coalition(request: HttpRequest, payload: CoalitionIn):
    """Found a coalition with one's organization (any role, with a second factor).

    The organization becomes its first active member and the caller its first coordinator.
    """
    try:
        membership = get_membership_for_user(request, payload.organization)
    except Http404 as exc:
        raise ValidationError(
            {"organization": _("There is no organization with this slug.")}
        ) from exc
    data = valid(CoalitionForm(payload.dict(exclude={"organization"})))
    coalition = services.coalition_create(
        organization=membership.organization, actor=request.user, **data
    )
    return Status(201, coalition)


@router.patch(
    "/coalitions/{slug:slug}", response={200: CoalitionSettingsOut, **ERRORS}, auth=SIGNED_IN
)
def update_coalition(request: HttpRequest, slug: str, payload: CoalitionPatch):
    """Change the coalition's settings (coordinator). Only the fields sent change."""
    coalition = get_coalition_for_coordinator(request, slug)
    changes = payload.dict(exclude_unset=True)
    form = CoalitionForm(patch_data(coalition, SETTINGS_FIELDS, changes), instance=coalition)
    valid(form)
    coalition = form.save(commit=False)
    services.coalition_update(coalition=coalition, actor=request.user, changed=form.changed_data)
    return coalition


@router.get(
    "/coalitions/{slug:slug}/memberships",
    response={200: list[CoalitionMembershipOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def list_memberships(request: HttpRequest, slug: str):
    """Every organization invited, active, declined or gone, with dates (members)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    return coalition.memberships.select_related("organization").order_by(
        "status", "organization__country", "organization__name"
    )


@router.post(
    "/coalitions/{slug:slug}/invitations",
    response={201: CoalitionMembershipOut, **ERRORS},
    auth=SIGNED_IN,
)
def invite_organization(request: HttpRequest, slug: str, payload: InviteOrganizationIn):
    """Invite an organization (coordinator); its admins accept or decline."""
    coalition = get_coalition_for_coordinator(request, slug)
    data = valid(InviteOrganizationForm(payload.dict(), coalition=coalition))
    membership = services.coalition_invite(
        coalition=coalition, organization=data["organization"], actor=request.user
    )
    return Status(201, membership)


def _own_row(request: HttpRequest, slug: str, org_slug: str) -> CoalitionMembership:
    """The coalition's row for an organization the caller administers."""
    membership = get_membership_for_user(request, org_slug, role=Role.ADMIN)
    return get_object_or_404(
        CoalitionMembership.objects.select_related("organization", "coalition"),
        coalition__slug=slug,
        organization=membership.organization,
    )


@router.post(
    "/coalitions/{slug:slug}/members/{slug:org_slug}/respond",
    response={200: CoalitionMembershipOut, **ERRORS},
    auth=SIGNED_IN,
)
def respond(request: HttpRequest, slug: str, org_slug: str, payload: AnswerIn):
    """Accept or decline an invitation on behalf of one's organization (its admin)."""
    row = _own_row(request, slug, org_slug)
    services.coalition_respond(
        membership=row, accept=payload.answer == "accept", actor=request.user
    )
    row.refresh_from_db()
    return row


@router.post(
    "/coalitions/{slug:slug}/members/{slug:org_slug}/leave",
    response={200: CoalitionMembershipOut, **ERRORS},
    auth=SIGNED_IN,
)
def leave(request: HttpRequest, slug: str, org_slug: str):
    """Take one's organization out of the coalition (its admin); the dates remain."""
    row = _own_row(request, slug, org_slug)
    services.coalition_leave(membership=row, actor=request.user)
    row.refresh_from_db()
    return row


@router.post(
    "/coalitions/{slug:slug}/members/{slug:org_slug}/remove",
    response={200: CoalitionMembershipOut, **ERRORS},
    auth=SIGNED_IN,
)
def remove_member(request: HttpRequest, slug: str, org_slug: str):
    """Remove a member organization or withdraw its invitation (coordinator)."""
    coalition = get_coalition_for_coordinator(request, slug)
    row = get_object_or_404(
        CoalitionMembership.objects.select_related("organization"),
        coalition=coalition,
        organization__slug=org_slug,
    )
    services.coalition_leave(membership=row, actor=request.user, removed=True)
    row.refresh_from_db()
    return row


@router.post(
    "/coalitions/{slug:slug}/platform", response={201: PlatformVersionOut, **ERRORS}, auth=SIGNED_IN
)
def save_platform(request: HttpRequest, slug: str, payload: PlatformIn):
    """Save a new version of the platform (coordinator); the same points again are refused."""
    coalition = get_coalition_for_coordinator(request, slug)
    version = services.platform_save(
        coalition=coalition, points=payload.points, note=payload.note, actor=request.user
    )
    return Status(201, version)


@router.get(
    "/coalitions/{slug:slug}/platform/versions",
    response={200: list[PlatformVersionOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def platform_history(request: HttpRequest, slug: str):
    """Every version of the platform, newest first (members)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    return coalition.platform_versions.select_related("author").order_by("-number")


@router.get(
    "/coalitions/{slug:slug}/coordinators",
    response={200: list[CoordinatorOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def list_coordinators(request: HttpRequest, slug: str):
    """The coalition's coordinators (members)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    return coalition.coordinators.select_related("user").order_by("created", "id")


@router.get(
    "/coalitions/{slug:slug}/coordinators/candidates",
    response={200: list[UserOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def coordinator_candidates(request: HttpRequest, slug: str):
    """People who may be made coordinators: members of active organizations (coordinator)."""
    coalition = get_coalition_for_coordinator(request, slug)
    return services.candidates_for_coordinator(coalition)


@router.post(
    "/coalitions/{slug:slug}/coordinators", response={201: CoordinatorOut, **ERRORS}, auth=SIGNED_IN
)
def add_coordinator(request: HttpRequest, slug: str, payload: CoordinatorIn):
    """Make a person from /candidates a coordinator (coordinator)."""
    coalition = get_coalition_for_coordinator(request, slug)
    form = CoordinatorForm(
        payload.dict(), candidates=services.candidates_for_coordinator(coalition)
    )
    data = valid(form)
    coordinator = services.coordinator_add(
        coalition=coalition, user=data["user"], actor=request.user
    )
    return Status(201, coordinator)


@router.delete(
    "/coalitions/{slug:slug}/coordinators/{int:coordinator_id}",
    response={204: None, **ERRORS},
    auth=SIGNED_IN,
)
def remove_coordinator(request: HttpRequest, slug: str, coordinator_id: int):
    """Remove a coordinator (coordinator); the last one cannot be removed."""
    coalition = get_coalition_for_coordinator(request, slug)
    coordinator = get_object_or_404(
        Coordinator.objects.select_related("user"), pk=coordinator_id, coalition=coalition
    )
    services.coordinator_remove(coordinator=coordinator, actor=request.user)
    return Status(204, None)


@router.get(
    "/coalitions/{slug:slug}/audit", response={200: list[AuditEntryOut], **ERRORS}, auth=SIGNED_IN
)
@paginate(Pages)
def coalition_audit(request: HttpRequest, slug: str):
    """The coalition's audit log, newest first (coordinator)."""
    coalition = get_coalition_for_coordinator(request, slug)
    return AuditEntry.objects.filter(coalition=coalition).order_by("-created", "-id")
