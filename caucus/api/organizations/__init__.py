"""Organizations in the API: public profiles, and acting for one's organization."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, ANYONE_DOC, SIGNED_IN
from caucus.api.forms import patch_data, valid
from caucus.api.organizations.schemas import (
    BodyIn,
    BodyOut,
    InvitationIn,
    InvitationOut,
    MemberOut,
    OrganizationOut,
    OrganizationPatch,
    OrganizationProfileOut,
    RoleIn,
)
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, AuditEntryOut
from caucus.audit.models import AuditEntry
from caucus.organizations import services
from caucus.organizations.forms import BodyForm, InvitationForm, OrganizationForm, RoleForm
from caucus.organizations.models import Invitation, Membership, Organization, Role
from caucus.organizations.permissions import get_membership_for_user, get_organization_for_reader

router = Router(tags=["organizations"])

PROFILE_FIELDS = [f for f in OrganizationForm.Meta.fields if f != "logo"]


def _readable(request: HttpRequest, slug: str) -> Organization:
    return get_organization_for_reader(request, slug)[0]


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
@paginate(Pages)
def list_organizations(request: HttpRequest):
    """Listed organizations, by slug."""
    return Organization.objects.public().order_by("slug")


@router.get(
    "/organizations/{slug:slug}",
    response={200: OrganizationOut, **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
def get_organization(request: HttpRequest, slug: str):
    """An organization's public profile."""
    return _readable(request, slug)


@router.get(
    "/organizations/{slug:slug}/bodies",
    response={200: list[BodyOut], **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
@paginate(Pages)
def list_bodies(request: HttpRequest, slug: str):
    """The organization's bodies, such as its executive committee."""
    return _readable(request, slug).bodies.order_by("name", "id")


def _save_profile(request: HttpRequest, slug: str, data: dict, files: dict | None = None):
    membership = get_membership_for_user(request, slug)
    organization = membership.organization
    form = OrganizationForm(
        patch_data(organization, PROFILE_FIELDS, data), files or {}, instance=organization
    )
    valid(form)
    organization = form.save(commit=False)
    services.organization_update(
        organization=organization, actor=request.user, changed=form.changed_data
    )
    return organization


@router.patch(
    "/organizations/{slug:slug}", response={200: OrganizationProfileOut, **ERRORS}, auth=SIGNED_IN
)
def update_organization(request: HttpRequest, slug: str, payload: OrganizationPatch):
    """Edit the profile (any role, with a second factor). Only the fields sent change."""
    return _save_profile(request, slug, payload.dict(exclude_unset=True))


@router.post(
    "/organizations/{slug:slug}/logo",
    response={200: OrganizationProfileOut, **ERRORS},
    auth=SIGNED_IN,
)
def upload_logo(request: HttpRequest, slug: str, logo: File[UploadedFile]):
    """Replace the logo (multipart upload; its metadata is stripped)."""
    return _save_profile(request, slug, {}, {"logo": logo})


@router.delete(
    "/organizations/{slug:slug}/logo",
    response={200: OrganizationProfileOut, **ERRORS},
    auth=SIGNED_IN,
)
def delete_logo(request: HttpRequest, slug: str):
    """Remove the logo."""
    return _save_profile(request, slug, {"logo-clear": True})


@router.get(
    "/organizations/{slug:slug}/members", response={200: list[MemberOut], **ERRORS}, auth=SIGNED_IN
)
@paginate(Pages)
def list_members(request: HttpRequest, slug: str):
    """The people acting for the organization; any member may read it, as on its page."""
    membership = get_membership_for_user(request, slug, act=False)
    return membership.organization.memberships.select_related("user").order_by("user__name", "id")


@router.get(
    "/organizations/{slug:slug}/invitations",
    response={200: list[InvitationOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def list_invitations(request: HttpRequest, slug: str):
    """Invitations to join, newest first (admin)."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN, act=False)
    return membership.organization.invitations.order_by("-created", "-id")


@router.post(
    "/organizations/{slug:slug}/invitations",
    response={201: InvitationOut, **ERRORS},
    auth=SIGNED_IN,
)
def invite(request: HttpRequest, slug: str, payload: InvitationIn):
    """Invite a person by email in a role (admin); they get a link to join."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    data = valid(InvitationForm(payload.dict()))
    invitation = services.invitation_create(
        organization=membership.organization, actor=request.user, **data
    )
    return Status(201, invitation)


@router.post(
    "/organizations/{slug:slug}/invitations/{int:invitation_id}/revoke",
    response={200: InvitationOut, **ERRORS},
    auth=SIGNED_IN,
)
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int):
    """Revoke a pending invitation (admin); its link stops working."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organization=membership.organization
    )
    services.invitation_revoke(invitation=invitation, actor=request.user)
    return invitation


def _member(request: HttpRequest, slug: str, member_id: int) -> Membership:
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=member_id,
        organization=membership.organization,
    )


@router.patch(
    "/organizations/{slug:slug}/members/{int:member_id}",
    response={200: MemberOut, **ERRORS},
    auth=SIGNED_IN,
)
def change_role(request: HttpRequest, slug: str, member_id: int, payload: RoleIn):
    """Change a member's role (admin); the last admin cannot step down."""
    member = _member(request, slug, member_id)
    data = valid(RoleForm(payload.dict()))
    services.membership_change_role(membership=member, role=data["role"], actor=request.user)
    return member


@router.delete(
    "/organizations/{slug:slug}/members/{int:member_id}",
    response={204: None, **ERRORS},
    auth=SIGNED_IN,
)
def remove_member(request: HttpRequest, slug: str, member_id: int):
    """Remove a member (admin); the last admin cannot be removed."""
    member = _member(request, slug, member_id)
    services.membership_remove(membership=member, actor=request.user)
    return Status(204, None)


@router.post("/organizations/{slug:slug}/bodies", response={201: BodyOut, **ERRORS}, auth=SIGNED_IN)
def create_body(request: HttpRequest, slug: str, payload: BodyIn):
    """Create a body of the organization (admin)."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    data = valid(BodyForm(payload.dict()))
    body = services.body_create(organization=membership.organization, actor=request.user, **data)
    return Status(201, body)


@router.get(
    "/organizations/{slug:slug}/audit",
    response={200: list[AuditEntryOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def organization_audit(request: HttpRequest, slug: str):
    """The organization's audit log, newest first (admin)."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    return AuditEntry.objects.filter(organization=membership.organization).order_by(
        "-created", "-id"
    )
