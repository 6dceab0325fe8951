"""OsdiPetitions (published statements) and their signatures, in OSDI's shape.

A statement is a petition once the public may read it; its signatures are the individuals'
confirmed ones. Anyone reads the names signers asked to show (`show_name`), with their city
and country; the statement's managers (caucus/signatures/permissions.py: coordinators of the
authoring coalition, admins of the authoring organization, with a second factor) read every
confirmed signature, and the email of those who allowed contact (`may_contact`), each read
recorded in the audit log as the contacts export is.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from caucus.api.auth import ANYONE
from caucus.api.osdi.hal import OsdiCollection, OsdiCollectionQuery, collection, href, when
from caucus.api.schemas import ERRORS
from caucus.lib.urls import absolute_url
from caucus.organizations.permissions import require_mfa
from caucus.signatures import services
from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import Signature, State
from caucus.signatures.permissions import can_manage
from caucus.statements.models import Statement

router = Router(tags=["osdi"])
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")  # a statement's slug; anything else is a 404


class OsdiPostalAddress(Schema):
    locality: str
    country: str


class OsdiEmailAddress(Schema):
    address: str
    primary: bool


class OsdiPerson(Schema):
    given_name: str = Field(description="Caucus keeps one name; it is given here whole.")
    family_name: str
    postal_addresses: list[OsdiPostalAddress]
    email_addresses: list[OsdiEmailAddress] = Field(
        description="Only to the statement's managers, and only of signers who allowed contact."
    )


class OsdiPetitionOut(Schema):
    identifiers: list[str]
    origin_system: str
    created_date: str
    modified_date: str | None
    title: str
    summary: str
    petition_text: str = Field(description="The published text (Markdown).")
    browser_url: str
    language: str
    status: str = Field(description="published or withdrawn (Caucus's own field).")
    total_signatures: int
    links: dict[str, Any] = Field(alias="_links")


class OsdiSignatureOut(Schema):
    identifiers: list[str]
    origin_system: str
    created_date: str | None
    modified_date: str | None
    public: bool = Field(description="Whether the signer asked to show their name.")
    person: OsdiPerson
    links: dict[str, Any] = Field(alias="_links")


class OsdiPetitions(OsdiCollection):
    embedded: dict[str, list[OsdiPetitionOut]] = Field(alias="_embedded")


class OsdiSignatures(OsdiCollection):
    embedded: dict[str, list[OsdiSignatureOut]] = Field(alias="_embedded")


def public_petitions() -> QuerySet[Statement]:
    return (
        Statement.objects.public()
        .select_related("published_version")
        .annotate(modified_date=Greatest(Coalesce("withdrawn_at", "published_at"), "published_at"))
    )


def _petition_path(slug: str) -> str:
    return reverse("api:osdi_petition", kwargs={"slug": slug})


def petition(request: HttpRequest, statement: Statement) -> dict[str, Any]:
    version = statement.published_version
    path = _petition_path(statement.slug)
    return {
        "identifiers": [f"caucus:{statement.slug}"],
        "origin_system": "Caucus",
        "created_date": statement.created.isoformat(),
        "modified_date": when(getattr(statement, "modified_date", statement.published_at)),
        "title": version.title if version else "",
        "summary": statement.teaser,
        "petition_text": version.body if version else "",
        "browser_url": absolute_url(statement.get_absolute_url()),
        "language": statement.language,
        "status": statement.status,
        "total_signatures": confirmed_count(statement.pk),
        "_links": {
            "self": href(path),
            "osdi:signatures": href(f"{path}/signatures"),
        },
    }


def _signature(request: HttpRequest, row: Signature, emails: dict[int, str]) -> dict[str, Any]:
    statement_path = _petition_path(row.statement.slug)
    email = emails.get(row.pk, "")
    return {
        "identifiers": [f"caucus:signature-{row.pk}"],
        "origin_system": "Caucus",
        "created_date": when(row.confirmed_at),
        "modified_date": when(row.confirmed_at),
        "public": row.show_name,
        "person": {
            "given_name": row.name,
            "family_name": "",
            "postal_addresses": [{"locality": row.city, "country": row.country}],
            "email_addresses": [{"address": email, "primary": True}] if email else [],
        },
        "_links": {
            "self": href(f"{statement_path}/signatures/{row.pk}"),
            "osdi:petition": href(statement_path),
        },
    }


@router.get("/petitions", response={200: OsdiPetitions, **ERRORS}, auth=ANYONE, by_alias=True)
def list_petitions(request: HttpRequest, query: Query[OsdiCollectionQuery]):
    """Published (and withdrawn) statements, newest first."""
    rows = public_petitions().order_by("-published_at", "-id")

    def serialize(page: Iterable[Statement]) -> list[dict]:
        return [petition(request, s) for s in page]

    return collection(request, "osdi:petitions", rows, query, serialize)


@router.get(
    "/petitions/{slug}",
    response={200: OsdiPetitionOut, **ERRORS},
    auth=ANYONE,
    by_alias=True,
    url_name="osdi_petition",
)
def get_petition(request: HttpRequest, slug: str):
    return petition(request, _public_petition(slug))


def _public_petition(slug: str) -> Statement:
    statement = public_petitions().filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if statement is None:
        raise Http404
    return statement


def _signatures_for(request: HttpRequest, slug: str) -> tuple[QuerySet[Signature], bool]:
    """The signatures the caller may read, and whether they manage the statement."""
    statement = _public_petition(slug)
    rows = (
        Signature.objects.filter(statement=statement, state=State.CONFIRMED)
        .select_related("statement")
        .annotate(modified_date=F("confirmed_at"))
        .only("id", "name", "city", "country", "show_name", "confirmed_at", "statement__slug")
        .order_by("-id")
    )
    if can_manage(request.user, statement):
        require_mfa(request.user)
        return rows, True
    return rows.filter(show_name=True), False


@router.get(
    "/petitions/{slug}/signatures",
    response={200: OsdiSignatures, **ERRORS},
    auth=ANYONE,
    by_alias=True,
)
def list_signatures(request: HttpRequest, slug: str, query: Query[OsdiCollectionQuery]):
    """Confirmed signatures, newest first: the public names to anyone; every signature to
    the statement's managers, with the email of those who allowed contact."""
    rows, manager = _signatures_for(request, slug)

    def serialize(page: Iterable[Signature]) -> list[dict]:
        page = list(page)
        emails: dict[int, str] = {}
        if manager and page:
            contacts = services.contacts_for_export(statement=page[0].statement, actor=request.user)
            emails = dict(contacts.filter(id__in=[r.pk for r in page]).values_list("id", "email"))
        return [_signature(request, row, emails) for row in page]

    return collection(request, "osdi:signatures", rows, query, serialize)


@router.get(
    "/petitions/{slug}/signatures/{pk}",
    response={200: OsdiSignatureOut, **ERRORS},
    auth=ANYONE,
    by_alias=True,
)
def get_signature(request: HttpRequest, slug: str, pk: int):
    rows, manager = _signatures_for(request, slug)
    row = rows.filter(pk=pk).first() if 0 < pk < 2**62 else None
    if row is None:
        raise Http404
    emails: dict[int, str] = {}
    if manager:
        contacts = services.contacts_for_export(statement=row.statement, actor=request.user)
        emails = dict(contacts.filter(id=row.pk).values_list("id", "email"))
    return _signature(request, row, emails)
