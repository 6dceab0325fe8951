"""Statements in the API: public reads, details, versions and their diff, amendments,
publication and translations. The lifecycle, republication and signing for organizations live
in lifecycle.py and signing.py, mounted on this router; the shapes in schemas.py.

Each endpoint uses the web's guard (statements.permissions), form (statements.forms) and
service, so the API allows and refuses what the pages do: 401 anonymous, 403 by role or for a
missing second factor, 404 unknown, 422 with field names for refused input.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, Path, Query, Router, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, ANYONE_DOC, SIGNED_IN
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import (
    ERRORS,
    LANGUAGES,
    ONE_PER_LANGUAGE,
    Language,
    TranslationReviewIn,
    bounded,
)
from caucus.api.statements import lifecycle, signing
from caucus.api.statements.schemas import (
    MAX_NUMBER,
    AmendmentDetailOut,
    AmendmentIn,
    AmendmentOut,
    DiffOut,
    PublishIn,
    RejectIn,
    StatementDetailOut,
    StatementOut,
    StatementPatch,
    TranslationIn,
    TranslationOut,
    VersionIn,
    VersionOut,
)
from caucus.lib.diff import diff_stats, word_diff
from caucus.organizations.permissions import require_mfa
from caucus.statements import services
from caucus.statements.forms import (
    AmendmentForm,
    PublishForm,
    RejectForm,
    StatementMetaForm,
    TranslationForm,
    VersionForm,
)
from caucus.statements.models import Amendment, Statement
from caucus.statements.permissions import (
    can_accept_amendments,
    get_editable_statement,
    get_readable_statement,
    get_statement_access,
    proposer_organization,
)
from caucus.statements.translatable import STATEMENT
from caucus.translations import services as translation_services

router = Router(tags=["statements"])
S = "/statements/{slug:slug}"
# The terms of the sign-on that `null` removes; every other detail refuses it.
CLEARABLE = {"signature_goal", "signing_deadline"}
Number = Path[int, P(ge=1, le=MAX_NUMBER)]
VersionNumber = Query[int, P(ge=1, le=MAX_NUMBER)]


@router.get("/statements", response=list[StatementOut], auth=ANYONE, openapi_extra=ANYONE_DOC)
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
        statements = statements.filter(topics__icontains=f'"{topic[:60]}"')
    return statements.order_by("-published_at", "-pk")


@router.get(S, response={200: StatementDetailOut, **ERRORS}, auth=ANYONE, openapi_extra=ANYONE_DOC)
def get_statement(request: HttpRequest, slug: str):
    """A public statement (its published text), or a draft for its drafters and members."""
    statement = get_readable_statement(request, slug)
    services.revision_apply_due(statement=statement)  # a revision past its time shows now
    return statement


@router.patch(S, response={200: StatementDetailOut, **ERRORS}, auth=SIGNED_IN)
def update_statement(request: HttpRequest, slug: str, payload: StatementPatch):
    """Edit the details (language, dateline, teaser, topics, regions) and the terms of the
    sign-on (goal, closing time); drafters only. The text changes through new versions. Only
    the fields sent change."""
    statement = get_editable_statement(request, slug)
    initial = StatementMetaForm.initial_for(statement)
    data = {
        **initial,
        "dateline_date": statement.dateline_date.isoformat(),
        "regions": ", ".join(statement.regions or []),
    }
    for field, value in payload.dict(exclude_unset=True).items():
        if value is None and field not in CLEARABLE:
            raise ValidationError({field: _("This field cannot be null.")})
        data[field] = ", ".join(value) if field == "regions" else value
    form = StatementMetaForm(data, initial=initial, current_deadline=statement.signing_deadline)
    valid(form)
    changed = form.apply_to(statement)
    services.statement_update(statement=statement, actor=request.user, changed=changed)
    return statement


def _readable_versions(request: HttpRequest, slug: str):
    """Every version for drafters and members; the published ones for everyone else."""
    access = get_statement_access(request, slug)
    statement = access.statement
    if access.read_drafts:
        return statement.versions.order_by("number")
    published = statement.publications.filter(published_at__lte=timezone.now()).values("version_id")
    return statement.versions.filter(pk__in=published).order_by("number")


@router.get(
    S + "/versions",
    response={200: list[VersionOut], **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
@paginate(Pages)
def list_versions(request: HttpRequest, slug: str):
    """Every version for drafters; the published ones for everyone else."""
    return _readable_versions(request, slug)


@router.get(
    S + "/versions/{number}",
    response={200: VersionOut, **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
def get_version(request: HttpRequest, slug: str, number: Number):
    return get_object_or_404(_readable_versions(request, slug), number=number)


@router.get(
    S + "/compare", response={200: DiffOut, **ERRORS}, auth=ANYONE, openapi_extra=ANYONE_DOC
)
def compare(
    request: HttpRequest,
    slug: str,
    old: VersionNumber,
    new: VersionNumber,
):
    """A word-level diff of two versions the caller may read: chunks of (op, text)."""
    versions = _readable_versions(request, slug)
    a = get_object_or_404(versions, number=old)
    b = get_object_or_404(versions, number=new)
    chunks = word_diff(a.body, b.body)
    return {
        "old": old,
        "new": new,
        **diff_stats(chunks),
        "chunks": [{"op": c.op, "text": c.text} for c in chunks],
    }


@router.post(S + "/versions", response={201: VersionOut, **ERRORS}, auth=SIGNED_IN)
def save_version(request: HttpRequest, slug: str, payload: VersionIn):
    """Save the text as a new version; `base` is the version it was edited from (a stale base
    is refused with 422 so nobody overwrites a colleague's version). An unchanged text makes no
    new version and answers with the current one."""
    statement = get_editable_statement(request, slug)
    data = valid(VersionForm(payload.dict(exclude={"base"})))
    if payload.base != statement.current_version.number:
        raise ValidationError({"base": _("A newer version exists; merge your text into it.")})
    version = services.version_create(statement=statement, actor=request.user, **data)
    return Status(201, version or statement.current_version)


def _proposer_statement(request: HttpRequest, slug: str) -> Statement:
    access = get_statement_access(request, slug)
    if not access.read_drafts:
        raise PermissionDenied(_("Only drafters and member organizations can see amendments."))
    require_mfa(request.user)  # proposing and deciding need it even on a public statement
    return access.statement


def _amendment(request: HttpRequest, slug: str, number: int) -> Amendment:
    statement = _proposer_statement(request, slug)
    amendment = get_object_or_404(
        Amendment.objects.select_related("version", "result_version"),
        statement=statement,
        number=number,
    )
    amendment.statement = statement
    return amendment


@router.get(S + "/amendments", response={200: list[AmendmentOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_amendments(request: HttpRequest, slug: str):
    statement = _proposer_statement(request, slug)
    return statement.amendments.select_related("version", "statement").order_by("number")


@router.get(
    S + "/amendments/{number}", response={200: AmendmentDetailOut, **ERRORS}, auth=SIGNED_IN
)
def get_amendment(request: HttpRequest, slug: str, number: Number):
    return _amendment(request, slug, number)


@router.post(S + "/amendments", response={201: AmendmentOut, **ERRORS}, auth=SIGNED_IN)
def propose_amendment(request: HttpRequest, slug: str, payload: AmendmentIn):
    """Propose a change to the current version: replace, insert (after) or delete a passage."""
    statement = _proposer_statement(request, slug)
    data = valid(AmendmentForm(payload.dict()))
    amendment = services.amendment_propose(
        statement=statement,
        actor=request.user,
        version=statement.current_version,
        organization=proposer_organization(request.user, statement),
        **data,
    )
    return Status(201, amendment)


def _decider(request: HttpRequest, slug: str, number: int) -> Amendment:
    amendment = _amendment(request, slug, number)
    if not can_accept_amendments(request.user, amendment.statement):
        raise PermissionDenied(_("Only the statement's editors can decide amendments."))
    return amendment


@router.post(
    S + "/amendments/{number}/accept", response={200: VersionOut, **ERRORS}, auth=SIGNED_IN
)
def accept_amendment(request: HttpRequest, slug: str, number: Number):
    """Accept: a new version is made from the amendment (422 when it is stale)."""
    return services.amendment_accept(amendment=_decider(request, slug, number), actor=request.user)


@router.post(
    S + "/amendments/{number}/reject", response={200: AmendmentOut, **ERRORS}, auth=SIGNED_IN
)
def reject_amendment(request: HttpRequest, slug: str, payload: RejectIn, number: Number):
    amendment = _decider(request, slug, number)
    data = valid(RejectForm(payload.dict()))
    services.amendment_reject(amendment=amendment, actor=request.user, **data)
    return amendment


@router.post(
    S + "/amendments/{number}/rebase",
    response={200: AmendmentDetailOut, **ERRORS},
    auth=SIGNED_IN,
)
def rebase_amendment(request: HttpRequest, slug: str, number: Number):
    """Move a stale amendment onto the current version (the proposer or an editor), when its
    passage still occurs there exactly once; 422 otherwise."""
    amendment = _amendment(request, slug, number)
    if not (
        amendment.proposer_id == request.user.pk
        or can_accept_amendments(request.user, amendment.statement)
    ):
        raise PermissionDenied(_("Only the proposer or an editor can move this amendment."))
    return services.amendment_rebase(amendment=amendment, actor=request.user)


@router.post(S + "/publish", response={200: StatementOut, **ERRORS}, auth=SIGNED_IN)
def publish(request: HttpRequest, slug: str, payload: PublishIn):
    """Publish the current version now, at `published_at` (local time in `zone`), or as a
    revision of a published statement (scheduled revisions swap in at their time)."""
    statement = get_editable_statement(request, slug)
    data = valid(PublishForm(payload.dict()))
    services.statement_publish(
        statement=statement,
        actor=request.user,
        published_at=data["published_at"],
        zone=data["zone"],
    )
    return statement


@router.get(
    S + "/translations",
    response={200: bounded(TranslationOut, LANGUAGES, ONE_PER_LANGUAGE), **ERRORS},
    auth=ANYONE,
    openapi_extra=ANYONE_DOC,
)
def list_translations(request: HttpRequest, slug: str):
    """Translations of the published text for everyone; of the draft too for its readers."""
    access = get_statement_access(request, slug)
    statement = access.statement
    translations = statement.translations.select_related("version", "statement")
    if access.read_drafts:
        return translations
    published = statement.published_version.number if statement.published_version else 0
    return translations.filter(version__number__lte=published)


@router.put(
    S + "/translations/{language}",
    response={200: TranslationOut, 201: TranslationOut, **ERRORS},
    auth=SIGNED_IN,
)
def save_translation(request: HttpRequest, slug: str, language: Language, payload: TranslationIn):
    """Add or replace the translation into `language` of the text readers see now (the
    published version, else the current draft); drafters only. 201 when it is new."""
    statement = get_editable_statement(request, slug)
    data = valid(TranslationForm({**payload.dict(), "language": language[:8]}))
    existed = statement.translations.filter(language=data["language"]).exists()
    translation = services.translation_save(statement=statement, actor=request.user, **data)
    return Status(200 if existed else 201, translation)


@router.patch(
    S + "/translations/{language}",
    response={200: TranslationOut, **ERRORS},
    auth=SIGNED_IN,
)
def review_translation(
    request: HttpRequest, slug: str, language: Language, payload: TranslationReviewIn
):
    """Mark a translation as reviewed by a person, or no longer (drafters only), as the
    other kinds' translations and the web's review button do."""
    statement = get_editable_statement(request, slug)
    translation = get_object_or_404(statement.translations, language=language[:8])
    translation_services.translation_review(
        translatable=STATEMENT, translation=translation, actor=request.user, **payload.dict()
    )
    return translation


@router.delete(S + "/translations/{language}", response={204: None, **ERRORS}, auth=SIGNED_IN)
def delete_translation(request: HttpRequest, slug: str, language: Language):
    """Delete a translation (drafters only); audit-logged like the web's."""
    statement = get_editable_statement(request, slug)
    translation = get_object_or_404(statement.translations, language=language[:8])
    translation_services.translation_delete(
        translatable=STATEMENT, translation=translation, actor=request.user
    )
    return Status(204, None)


router.add_router("", lifecycle.router)
router.add_router("", signing.router)
