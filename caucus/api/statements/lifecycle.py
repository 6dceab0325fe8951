"""Statements in the API, continued: starting a draft for an organization or a coalition, their
lists of statements, opening for signatures, withdrawal, republication and the embed.

Mounted on the router of __init__.py; the same guards, forms and services as the
web views (statements.views, statements.reading).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, ANYONE_DOC, SIGNED_IN
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.api.statements.schemas import (
    EmbedOut,
    RepublicationOut,
    RepublishIn,
    StatementDetailOut,
    StatementIn,
    StatementOut,
    WithdrawIn,
)
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.lib.urls import absolute_url
from caucus.organizations.permissions import get_membership_for_user
from caucus.signatures.counting import confirmed_count
from caucus.statements import services
from caucus.statements.embed import card_html, feed_links
from caucus.statements.forms import RepublishForm, StatementCreateForm, WithdrawForm
from caucus.statements.models import Statement
from caucus.statements.permissions import (
    get_editable_statement,
    get_public_statement,
    get_statement_for_user,
    republishing_organizations,
)

router = Router(tags=["statements"])
S = "/statements/{slug:slug}"


def _create(request: HttpRequest, payload: StatementIn, *, authors, resolve) -> Statement:
    """Validate with the web's form: a date as text (today when not sent), regions joined."""
    data = payload.dict()
    data["dateline_date"] = (data["dateline_date"] or timezone.localdate()).isoformat()
    data["regions"] = ", ".join(data["regions"])
    cleaned = dict(valid(StatementCreateForm(data, authors=authors)))
    author = resolve(cleaned.pop("author"))
    return services.statement_create(actor=request.user, **author, **cleaned)


@router.post(
    "/organizations/{slug:slug}/statements",
    response={201: StatementDetailOut, **ERRORS},
    auth=SIGNED_IN,
)
def create_for_organization(request: HttpRequest, slug: str, payload: StatementIn):
    """Start a draft by the organization or one of its bodies (`author`: "org" or a body's id);
    any member with a second factor. Its text becomes version 1."""
    org = get_membership_for_user(request, slug).organization
    bodies = {str(body.pk): body for body in org.bodies.all()}
    authors = [("org", org.name)] + [(key, str(body)) for key, body in bodies.items()]
    statement = _create(
        request,
        payload,
        authors=authors,
        resolve=lambda key: {"author_organization": org, "author_body": bodies.get(key)},
    )
    return Status(201, statement)


@router.post(
    "/coalitions/{slug:slug}/statements",
    response={201: StatementDetailOut, **ERRORS},
    auth=SIGNED_IN,
)
def create_for_coalition(request: HttpRequest, slug: str, payload: StatementIn):
    """Start a draft by the coalition; its coordinators only (`author` is ignored)."""
    coalition, is_coordinator = get_coalition_for_member(request, slug)
    if not is_coordinator:
        raise PermissionDenied(_("Only the coalition's coordinators can start a statement."))
    payload = payload.model_copy(update={"author": "coalition"})
    statement = _create(
        request,
        payload,
        authors=[("coalition", coalition.name)],
        resolve=lambda key: {"author_coalition": coalition},
    )
    return Status(201, statement)


def _listed(statements):
    return statements.select_related(
        "current_version", "published_version", "author_coalition", "author_organization"
    ).order_by("-created", "-pk")


@router.get(
    "/organizations/{slug:slug}/statements",
    response={200: list[StatementOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def list_for_organization(request: HttpRequest, slug: str):
    """Every statement of the organization, drafts included; its members only."""
    org = get_membership_for_user(request, slug).organization
    return _listed(Statement.objects.filter(author_organization=org))


@router.get(
    "/coalitions/{slug:slug}/statements",
    response={200: list[StatementOut], **ERRORS},
    auth=SIGNED_IN,
)
@paginate(Pages)
def list_for_coalition(request: HttpRequest, slug: str):
    """Every statement of the coalition, drafts included; people of its member organizations."""
    coalition, _is_coordinator = get_coalition_for_member(request, slug)
    return _listed(Statement.objects.filter(author_coalition=coalition))


@router.post(S + "/open", response={200: StatementOut, **ERRORS}, auth=SIGNED_IN)
def open_for_signatures(request: HttpRequest, slug: str):
    """Open the draft for signatures by organizations (drafters); the people who sign for the
    member organizations are emailed once per version."""
    statement = get_editable_statement(request, slug)
    services.statement_open(statement=statement, actor=request.user)
    return statement


@router.post(S + "/withdraw", response={200: StatementOut, **ERRORS}, auth=SIGNED_IN)
def withdraw(request: HttpRequest, slug: str, payload: WithdrawIn):
    """Withdraw a published statement; its page stays as a tombstone with the reason."""
    statement = get_editable_statement(request, slug)
    data = valid(WithdrawForm(payload.dict()))
    services.statement_withdraw(statement=statement, actor=request.user, reason=data["reason"])
    return statement


@router.get(
    S + "/republications",
    response={200: list[RepublicationOut], **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
@paginate(Pages)
def list_republications(request: HttpRequest, slug: str):
    """Organizations that republished the statement, newest first."""
    statement = get_public_statement(slug)
    return statement.republications.select_related("organization", "statement")


@router.post(S + "/republications", response={201: RepublicationOut, **ERRORS}, auth=SIGNED_IN)
def republish(request: HttpRequest, slug: str, payload: RepublishIn):
    """Republish a published statement for one of your organizations (editor or admin there,
    not the author); it appears in that organization's list with a link to the original."""
    statement, _can_edit = get_statement_for_user(request, slug)
    organizations = republishing_organizations(request.user, statement)
    data = valid(RepublishForm(payload.dict(), organizations=organizations))
    org = next(o for o in organizations if o.slug == data["organization"])
    republication = services.statement_republish(
        statement=statement, organization=org, actor=request.user, note=data["note"]
    )
    return Status(201, republication)


@router.get(S + "/embed", response={200: EmbedOut, **ERRORS}, auth=ANYONE, openapi_extra=ANYONE_DOC)
def embed(request: HttpRequest, slug: str):
    """What another site needs to show the statement: a link card, an optional counter frame,
    the live count and the statement's feeds."""
    statement = get_public_statement(slug)
    counter = absolute_url(reverse("signatures:counter", args=[statement.slug]))
    frame = format_html(
        '<iframe src="{}" title="{}" width="320" height="80" loading="lazy" '
        'referrerpolicy="no-referrer"></iframe>',
        counter,
        str(statement),
    )
    return {
        "statement": statement.slug,
        "count": confirmed_count(statement.pk),
        "html": card_html(statement),
        "counter_html": frame,
        "count_url": absolute_url(reverse("signatures:count_json", args=[statement.slug])),
        "feeds": [{"type": kind, "url": absolute_url(url)} for kind, url in feed_links(statement)],
    }
