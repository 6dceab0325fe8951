"""Signatures in the API: the live count, signatory organizations, public names, and
signing for one's organization. Individuals sign through the web form (email confirmation)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, In
from caucus.signatures import services
from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.permissions import get_public_statement, get_statement_for_signing_org

router = Router(tags=["signatures"])


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


class NamesQuery(Schema):
    before: int | None = Field(
        None,
        ge=1,
        le=2**62,
        description="Only names with a smaller id: pass the first page's first id to page "
        "through a list that is growing without names moving between pages.",
    )
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
@paginate(Pages)
def organizations(request: HttpRequest, slug: str):
    """Signatory organizations, by country; `initial` ones signed before publication."""
    statement = get_public_statement(slug)
    return (
        OrganizationSignature.objects.filter(statement=statement, state=OrgState.SIGNED)
        .select_related("organization", "version")
        .order_by("organization__country", "organization__name")
    )


@router.get(
    "/statements/{slug:slug}/signatures/names",
    response={200: list[NameOut], **ERRORS},
    auth=ANYONE,
)
@paginate(Pages)
def names(request: HttpRequest, slug: str, query: Query[NamesQuery]):
    """Public names (only of signers who asked to be listed), newest first; `q` searches
    names, `before` holds the list still while it grows."""
    statement = get_public_statement(slug)
    rows = Signature.objects.filter(statement=statement, state=State.CONFIRMED, show_name=True)
    if query.q.strip():
        rows = rows.filter(name_key__contains=" ".join(query.q.split()).casefold())
    if query.before:
        rows = rows.filter(id__lt=query.before)
    return rows.only("id", "name", "city", "country").order_by("-id")


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
