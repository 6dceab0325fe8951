"""Signatures in the API: the live count, signatory organizations, public names, and
signing for one's organization. Individuals sign through the web form (email confirmation)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.schemas import ERRORS, In
from caucus.signatures import services
from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.permissions import get_public_statement, get_statement_for_signing_org

router = Router(tags=["signatures"])
NAMES_PER_PAGE = 50


class CountOut(Schema):
    statement: str
    count: int


class OrgSignatureOut(Schema):
    organization: str = Field(alias="organization.slug")
    name: str = Field(alias="organization.name")
    country: str = Field(alias="organization.country")
    state: str
    version: int = Field(alias="version.number")
    initial: bool
    signed_at: datetime | None


class OrgSignIn(In):
    organization: str = Field(max_length=60)


class NameOut(Schema):
    id: int
    name: str
    city: str
    country: str


class NamesOut(Schema):
    items: list[NameOut]
    next_before: int | None = Field(None, description="Pass as ?before= for the next page.")


class NamesQuery(Schema):
    before: int | None = Field(None, ge=1, le=2**62)
    q: str = Field("", max_length=60)


@router.get(
    "/statements/{slug:slug}/signatures/count", response={200: CountOut, **ERRORS}, auth=ANYONE
)
def count(request: HttpRequest, slug: str):
    """Confirmed individual signatures of a public statement."""
    statement = get_public_statement(slug)
    return {"statement": statement.slug, "count": confirmed_count(statement.pk)}


@router.get(
    "/statements/{slug:slug}/signatures/organizations",
    response={200: list[OrgSignatureOut], **ERRORS},
    auth=ANYONE,
)
def organizations(request: HttpRequest, slug: str):
    """Signatory organizations, by country; `initial` ones signed before publication."""
    statement = get_public_statement(slug)
    return (
        OrganizationSignature.objects.filter(statement=statement, state=OrgState.SIGNED)
        .select_related("organization", "version")
        .order_by("organization__country", "organization__name")
    )


@router.get(
    "/statements/{slug:slug}/signatures/names", response={200: NamesOut, **ERRORS}, auth=ANYONE
)
def names(request: HttpRequest, slug: str, query: Query[NamesQuery]):
    """Public names, newest first, 50 a page: follow `next_before`. `q` searches names."""
    statement = get_public_statement(slug)
    rows = Signature.objects.filter(statement=statement, state=State.CONFIRMED, show_name=True)
    if query.q.strip():
        rows = rows.filter(name_key__contains=" ".join(query.q.split()).casefold())
    if query.before:
        rows = rows.filter(id__lt=query.before)
    page = list(rows.only("id", "name", "city", "country").order_by("-id")[: NAMES_PER_PAGE + 1])
    more = len(page) > NAMES_PER_PAGE
    page = page[:NAMES_PER_PAGE]
    return {"items": page, "next_before": page[-1].pk if more else None}


@router.post(
    "/statements/{slug:slug}/signatures/organizations",
    response={201: OrgSignatureOut, **ERRORS},
    auth=SIGNED_IN,
)
def sign_for_organization(request: HttpRequest, slug: str, payload: OrgSignIn):
    """Sign the statement's current text for your organization (delegate or higher, with a
    second factor); organizations outside the coalition ask to co-sign instead (state
    "requested") and the coordinators answer."""
    statement, membership = get_statement_for_signing_org(request, slug, payload.organization)
    signature = services.organization_sign(
        statement=statement, organization=membership.organization, actor=request.user
    )
    return Status(201, signature)
