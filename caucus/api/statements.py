"""Statements in the API: public reads, and drafting (versions, amendments, publication)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.lib.diff import diff_stats, word_diff
from caucus.organizations.permissions import require_mfa
from caucus.statements import services
from caucus.statements.forms import (
    AmendmentForm,
    PublishForm,
    RejectForm,
    TranslationForm,
    VersionForm,
)
from caucus.statements.models import Amendment, Statement, Translation
from caucus.statements.permissions import (
    can_accept_amendments,
    can_propose_amendments,
    get_statement_for_user,
)

router = Router(tags=["statements"])


class StatementOut(Schema):
    slug: str
    title: str
    status: str
    author: str
    language: str
    dateline_date: dt.date
    dateline_place: str
    teaser: str
    topics: list[str]
    regions: list[str]
    published_at: dt.datetime | None
    version: int
    url: str

    @staticmethod
    def resolve_title(obj: Statement) -> str:
        return (obj.reference_version or obj.current_version).title

    @staticmethod
    def resolve_author(obj: Statement) -> str:
        return obj.author_name

    @staticmethod
    def resolve_version(obj: Statement) -> int:
        return obj.reference_version.number

    @staticmethod
    def resolve_url(obj: Statement) -> str:
        return obj.get_absolute_url()


class StatementDetailOut(StatementOut):
    body: str
    sha256: str
    translations: list[str]

    @staticmethod
    def resolve_body(obj: Statement) -> str:
        return obj.reference_version.body

    @staticmethod
    def resolve_sha256(obj: Statement) -> str:
        return obj.reference_version.sha256

    @staticmethod
    def resolve_translations(obj: Statement) -> list[str]:
        return [t.language for t in obj.translations.all()]


class VersionOut(Schema):
    number: int
    title: str
    body: str
    sha256: str
    note: str
    created: dt.datetime


class VersionIn(Schema):
    title: str
    body: str
    note: str = ""
    base: int


class DiffOut(Schema):
    old: int
    new: int
    added: int
    removed: int
    chunks: list[tuple[str, str]]


class AmendmentOut(Schema):
    number: int
    version: int
    kind: str
    passage: str
    replacement: str
    reason: str
    state: str
    reply: str
    stale: bool

    @staticmethod
    def resolve_version(obj: Amendment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_stale(obj: Amendment) -> bool:
        return obj.is_stale


class AmendmentIn(Schema):
    kind: str
    passage: str
    replacement: str = ""
    reason: str


class RejectIn(Schema):
    reply: str


class TranslationOut(Schema):
    language: str
    title: str
    teaser: str
    body: str
    translator: str
    kind: str
    reviewed: bool
    version: int
    stale: bool
    updated: dt.datetime

    @staticmethod
    def resolve_version(obj: Translation) -> int:
        return obj.version.number

    @staticmethod
    def resolve_stale(obj: Translation) -> bool:
        return obj.is_stale


class TranslationIn(Schema):
    title: str
    body: str
    teaser: str = ""
    translator: str = ""
    kind: str = "human"
    reviewed: bool = False


class PublishIn(Schema):
    published_at: str = ""
    zone: str = "UTC"


def _readable(request: HttpRequest, slug: str) -> Statement:
    statement, can_edit = get_statement_for_user(request, slug)
    if not statement.is_public:
        require_mfa(request.user)
    return statement


def _editable(request: HttpRequest, slug: str) -> Statement:
    statement, can_edit = get_statement_for_user(request, slug)
    if not can_edit:
        raise PermissionDenied(_("Only the statement's drafters can do this."))
    require_mfa(request.user)
    return statement


@router.get("/statements", response=list[StatementOut], auth=ANYONE)
@paginate(Pages)
def list_statements(request: HttpRequest, topic: str = ""):
    """Published statements, newest first; `?topic=` filters by a topic tag."""
    statements = Statement.objects.public().select_related(
        "published_version",
        "current_version",
        "author_organization",
        "author_body__organization",
        "author_coalition",
    )
    if topic:
        statements = statements.filter(topics__icontains=f'"{topic}"')
    return statements.order_by("-published_at", "-pk")


@router.get("/statements/{slug}", response={200: StatementDetailOut, **ERRORS}, auth=ANYONE)
def get_statement(request: HttpRequest, slug: str):
    """A public statement (its published text), or a draft for its drafters and members."""
    return _readable(request, slug)


@router.get("/statements/{slug}/versions", response={200: list[VersionOut], **ERRORS}, auth=ANYONE)
def list_versions(request: HttpRequest, slug: str):
    """Every version for drafters; the published ones for everyone else."""
    statement, can_edit = get_statement_for_user(request, slug)
    if can_edit or can_propose_amendments(request.user, statement):
        if not statement.is_public:
            require_mfa(request.user)
        return statement.versions.order_by("number")
    published = statement.publications.filter(published_at__lte=timezone.now()).values("version_id")
    return statement.versions.filter(pk__in=published).order_by("number")


@router.get("/statements/{slug}/compare", response={200: DiffOut, **ERRORS}, auth=ANYONE)
def compare(request: HttpRequest, slug: str, old: int, new: int):
    """A word-level diff of two versions the caller may read: chunks of (op, text)."""
    versions = list_versions(request, slug)
    a = get_object_or_404(versions, number=old)
    b = get_object_or_404(versions, number=new)
    chunks = word_diff(a.body, b.body)
    stats = diff_stats(chunks)
    return {
        "old": old,
        "new": new,
        **stats,
        "chunks": [(c.op, c.text) for c in chunks],
    }


@router.post("/statements/{slug}/versions", response={201: VersionOut, **ERRORS}, auth=SIGNED_IN)
def save_version(request: HttpRequest, slug: str, payload: VersionIn):
    """Save the text as a new version; `base` is the version it was edited from (409-free:
    a stale base is refused with 422 so nobody overwrites a colleague's version)."""
    statement = _editable(request, slug)
    data = valid(VersionForm(payload.dict()))
    if payload.base != statement.current_version.number:
        raise ValidationError({"base": _("A newer version exists; merge your text into it.")})
    version = services.version_create(statement=statement, actor=request.user, **data)
    return Status(201, version or statement.current_version)


@router.get(
    "/statements/{slug}/amendments", response={200: list[AmendmentOut], **ERRORS}, auth=SIGNED_IN
)
def list_amendments(request: HttpRequest, slug: str):
    statement, _can_edit = get_statement_for_user(request, slug)
    if not can_propose_amendments(request.user, statement):
        raise PermissionDenied(_("Only drafters and member organizations can see amendments."))
    require_mfa(request.user)
    return statement.amendments.select_related("version", "statement").order_by("number")


@router.post(
    "/statements/{slug}/amendments", response={201: AmendmentOut, **ERRORS}, auth=SIGNED_IN
)
def propose_amendment(request: HttpRequest, slug: str, payload: AmendmentIn):
    """Propose a change to the current version: replace, insert (after) or delete a passage."""
    from caucus.statements.amendment_views import _proposer_organization

    statement, _can_edit = get_statement_for_user(request, slug)
    if not can_propose_amendments(request.user, statement):
        raise PermissionDenied(_("Only drafters and member organizations can propose amendments."))
    require_mfa(request.user)
    data = valid(AmendmentForm(payload.dict()))
    amendment = services.amendment_propose(
        statement=statement,
        actor=request.user,
        version=statement.current_version,
        organization=_proposer_organization(request.user, statement),
        **data,
    )
    return Status(201, amendment)


def _decider(request: HttpRequest, slug: str, number: int) -> Amendment:
    statement, _can_edit = get_statement_for_user(request, slug)
    if not can_accept_amendments(request.user, statement):
        raise PermissionDenied(_("Only the statement's editors can decide amendments."))
    require_mfa(request.user)
    return get_object_or_404(Amendment, statement=statement, number=number)


@router.post(
    "/statements/{slug}/amendments/{number}/accept",
    response={200: VersionOut, **ERRORS},
    auth=SIGNED_IN,
)
def accept_amendment(request: HttpRequest, slug: str, number: int):
    """Accept: a new version is made from the amendment (422 when it is stale)."""
    return services.amendment_accept(amendment=_decider(request, slug, number), actor=request.user)


@router.post(
    "/statements/{slug}/amendments/{number}/reject",
    response={200: AmendmentOut, **ERRORS},
    auth=SIGNED_IN,
)
def reject_amendment(request: HttpRequest, slug: str, number: int, payload: RejectIn):
    amendment = _decider(request, slug, number)
    data = valid(RejectForm(payload.dict()))
    services.amendment_reject(amendment=amendment, actor=request.user, **data)
    return amendment


@router.post("/statements/{slug}/publish", response={200: StatementOut, **ERRORS}, auth=SIGNED_IN)
def publish(request: HttpRequest, slug: str, payload: PublishIn):
    """Publish the current version now, at `published_at` (local time in `zone`), or as a
    revision of a published statement."""
    statement = _editable(request, slug)
    data = valid(PublishForm(payload.dict()))
    services.statement_publish(
        statement=statement,
        actor=request.user,
        published_at=data["published_at"],
        zone=data["zone"],
    )
    return statement


@router.get(
    "/statements/{slug}/translations",
    response={200: list[TranslationOut], **ERRORS},
    auth=ANYONE,
)
def list_translations(request: HttpRequest, slug: str):
    """Translations of the published text for everyone; of the draft too for its readers."""
    statement, can_edit = get_statement_for_user(request, slug)
    translations = statement.translations.select_related("version", "statement")
    if can_edit or can_propose_amendments(request.user, statement):
        if not statement.is_public:
            require_mfa(request.user)
        return translations
    published = statement.published_version.number if statement.published_version else 0
    return translations.filter(version__number__lte=published)


@router.put(
    "/statements/{slug}/translations/{language}",
    response={200: TranslationOut, 201: TranslationOut, **ERRORS},
    auth=SIGNED_IN,
)
def save_translation(request: HttpRequest, slug: str, language: str, payload: TranslationIn):
    """Add or replace the translation into `language` of the text readers see now (the
    published version, else the current draft); drafters only. 201 when it is new."""
    statement = _editable(request, slug)
    data = valid(TranslationForm({**payload.dict(), "language": language}))
    existed = statement.translations.filter(language=data["language"]).exists()
    translation = services.translation_save(statement=statement, actor=request.user, **data)
    return Status(200 if existed else 201, translation)
