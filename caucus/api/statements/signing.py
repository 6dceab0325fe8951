"""Signing for organizations in the API, after the first signature (api/signatures.py): an
organization re-confirms its signature for the version published now or withdraws it, and the
statement's managers answer requests to co-sign from organizations outside the coalition.

Mounted on the router of __init__.py; the guards, services and audit entries are
those of the web views (signatures/views/organizations.py).
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import P, Path, Router
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.api.signatures import OrgSignatureOut
from caucus.api.statements.schemas import CosignRequestOut
from caucus.signatures import services
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.permissions import (
    get_org_signature_for_signer,
    get_statement_for_signature_admin,
)

router = Router(tags=["signatures"])
ORG = "/statements/{slug:slug}/signatures/organizations/{slug:org_slug}"
REQUESTS = "/statements/{slug:slug}/signatures/requests"
RequestId = Path[int, P(ge=1, le=2**63 - 1)]  # bounded: no lookup overflows an integer


@router.post(ORG + "/reconfirm", response={200: OrgSignatureOut, **ERRORS}, auth=SIGNED_IN)
def reconfirm(request: HttpRequest, slug: str, org_slug: str):
    """Sign the version published now, after signing an earlier one (422 when the signature
    is already for it); recorded in the audit log."""
    signature = get_org_signature_for_signer(request, slug, org_slug)
    services.organization_reconfirm(signature=signature, actor=request.user)
    return signature


@router.post(ORG + "/withdraw", response={200: OrgSignatureOut, **ERRORS}, auth=SIGNED_IN)
def withdraw(request: HttpRequest, slug: str, org_slug: str):
    """Withdraw the organization's signature or its request to co-sign; recorded in the audit
    log (422 when there is nothing to withdraw)."""
    signature = get_org_signature_for_signer(request, slug, org_slug)
    services.organization_withdraw(signature=signature, actor=request.user)
    return signature


@router.get(REQUESTS, response={200: list[CosignRequestOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_requests(request: HttpRequest, slug: str):
    """Requests to co-sign waiting for an answer, oldest first (coordinators of the coalition,
    or admins of the authoring organization)."""
    statement = get_statement_for_signature_admin(request, slug)
    return (
        statement.organization_signatures.filter(state=OrgState.REQUESTED)
        .select_related("organization", "version")
        .order_by("created", "pk")
    )


def _decide(request: HttpRequest, slug: str, pk: int, *, approve: bool) -> OrganizationSignature:
    statement = get_statement_for_signature_admin(request, slug)
    signature = get_object_or_404(
        OrganizationSignature.objects.select_related("organization", "version"),
        statement=statement,
        pk=pk,
    )
    signature.statement = statement
    services.organization_decide(signature=signature, approve=approve, actor=request.user)
    return signature


@router.post(REQUESTS + "/{pk}/approve", response={200: OrgSignatureOut, **ERRORS}, auth=SIGNED_IN)
def approve(request: HttpRequest, slug: str, pk: RequestId):
    """List the organization as a signatory; it is told by email."""
    return _decide(request, slug, pk, approve=True)


@router.post(REQUESTS + "/{pk}/decline", response={200: OrgSignatureOut, **ERRORS}, auth=SIGNED_IN)
def decline(request: HttpRequest, slug: str, pk: RequestId):
    """Decline the request; the organization is told by email."""
    return _decide(request, slug, pk, approve=False)
