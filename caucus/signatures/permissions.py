"""The guards for signatures: who signs for an organization, who manages a statement's names."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from caucus.coalitions.permissions import is_coordinator
from caucus.organizations.models import Membership, Role
from caucus.organizations.permissions import get_membership_for_user, require_mfa
from caucus.signatures.models import OrganizationSignature
from caucus.signatures.services import SIGNABLE, is_member_organization
from caucus.statements.models import Statement, Status
from caucus.statements.permissions import get_public_statement as statements_guard


def get_public_statement(slug: str) -> Statement:
    """A statement the public may read (published or withdrawn, not scheduled for later)."""
    return statements_guard(slug)


def can_manage(user, statement: Statement) -> bool:
    """Coordinators of the authoring coalition, or admins of the authoring organization."""
    if not user.is_authenticated:
        return False
    if statement.author_coalition is not None:
        return is_coordinator(user, statement.author_coalition)
    if statement.author_organization_id is None:
        return False
    return Membership.objects.filter(
        organization_id=statement.author_organization_id, user=user, role=Role.ADMIN
    ).exists()


def get_statement_for_signature_admin(request: HttpRequest, slug: str) -> Statement:
    """Answering requests to co-sign, the rate view, invalidation and the contact export."""
    statement = get_object_or_404(
        Statement.objects.select_related("author_coalition", "author_organization"), slug=slug
    )
    if not can_manage(request.user, statement):
        raise PermissionDenied(
            _("Only the coordinators or the authoring organization's admins can do this.")
        )
    require_mfa(request.user)
    return statement


def get_statement_for_signing_org(
    request: HttpRequest, slug: str, org_slug: str
) -> tuple[Statement, Membership]:
    """A delegate (or higher, with a second factor) acting for `org_slug` on statement `slug`.

    Before publication only member organizations see the statement (404 for others).
    """
    statement = get_object_or_404(
        Statement.objects.select_related("published_version", "current_version"), slug=slug
    )
    membership = get_membership_for_user(request, org_slug, role=Role.DELEGATE)
    if statement.status not in SIGNABLE:
        raise Http404
    if statement.status == Status.OPEN and not is_member_organization(
        statement, membership.organization
    ):
        raise Http404
    return statement, membership


def get_org_signature_for_signer(
    request: HttpRequest, slug: str, org_slug: str
) -> OrganizationSignature:
    """The signature of `org_slug` on statement `slug`, for its delegate (or higher, with a
    second factor) who acts on it (404 when it has none); its `statement` is the guarded one."""
    statement, membership = get_statement_for_signing_org(request, slug, org_slug)
    signature = get_object_or_404(
        OrganizationSignature.objects.select_related("version", "organization"),
        statement=statement,
        organization=membership.organization,
    )
    signature.statement = statement
    return signature
