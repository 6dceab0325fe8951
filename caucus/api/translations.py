"""Translations of campaigns, cases, topics, coalitions and organizations, under each object.

The same five endpoints for every kind, on the shared workflow (caucus/translations): list
and read (whoever may read the object), add or replace (PUT, 201 when new), mark reviewed
(PATCH) and delete. Editing uses the web's guard of each kind (caucus/<app>/translatable.py),
so the API allows and refuses what the pages do. Statements keep their own translation
endpoints (caucus/api/statements/), on the same workflow.

A translation's texts are an object keyed as the original's texts are: "title", "summary",
"description", and for related rows "demands.<id>", "targets.<id>", "days.<id>",
"entries.<id>" (a case's timeline notes) or "points.<n>" (a coalition's platform). A refused
text answers 422 at ["body", "texts", "<key>"].
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from caucus.api.auth import ANYONE, ANYONE_DOC, SIGNED_IN
from caucus.api.errors import invalid_body
from caucus.api.schemas import (
    ERRORS,
    LANGUAGES,
    ONE_PER_LANGUAGE,
    In,
    Language,
    Text,
    TranslationReviewIn,
    bounded,
)
from caucus.api.statements.schemas import Kind
from caucus.campaigns.models import Campaign
from caucus.campaigns.translatable import CAMPAIGN
from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import is_member
from caucus.coalitions.translatable import COALITION
from caucus.organizations.models import Organization
from caucus.organizations.translatable import ORGANIZATION
from caucus.solidarity.models import Case
from caucus.solidarity.translatable import CASE
from caucus.topics.models import Topic
from caucus.topics.translatable import TOPIC
from caucus.translations import services
from caucus.translations.kinds import Translatable
from caucus.translations.models import ContentTranslation, source_texts

router = Router(tags=["translations"])
MAX_TEXTS = 1000  # keys in one translation: far more than any campaign's demands and days


class ContentTranslationOut(Schema):
    language: str
    name: str = Field(description="The language's name in itself, e.g. Ελληνικά.")
    texts: dict[str, str]
    translator: str
    kind: str = Field(description='"human" or "machine".')
    reviewed: bool
    stale: bool = Field(description="The original changed since: see stale_texts.")
    stale_texts: list[str] = Field(description="Keys of the original's texts changed since.")
    updated: datetime

    @staticmethod
    def resolve_texts(obj: ContentTranslation) -> dict[str, str]:
        return obj.texts()

    @staticmethod
    def resolve_stale_texts(obj: ContentTranslation) -> list[str]:
        return obj.stale_keys()

    @staticmethod
    def resolve_stale(obj: ContentTranslation) -> bool:
        return obj.is_stale


class ContentTranslationIn(In):
    texts: dict[Text, Text] = Field(
        max_length=MAX_TEXTS,
        description="Every text of the original, by key, in the translation's language.",
    )
    translator: Text = Field("", max_length=200)
    kind: Kind = "human"
    reviewed: bool = False


@dataclass(frozen=True)
class Route:
    translatable: Translatable
    path: str  # "/campaigns/{slug}"
    readable: Callable[[HttpRequest, str], Any]  # the object, for whoever may read it
    editable: Callable[[HttpRequest, str], Any]  # the object, for whoever may translate it


def _campaign_readable(request, slug):
    campaign = get_object_or_404(Campaign.objects.select_related("coalition"), slug=slug)
    if campaign.coalition.is_public or is_member(request.user, campaign.coalition):
        return campaign
    raise Http404


def _case_readable(request, slug):
    case = get_object_or_404(Case.objects.select_related("coalition", "record"), slug=slug)
    if case.is_public:
        return case
    return _case_editable(request, slug)  # drafts: for those who keep the case file


def _case_editable(request, slug):
    case = get_object_or_404(Case.objects.select_related("coalition"), slug=slug)
    return CASE.get_for_editor(request, slug=case.coalition.slug, case_slug=case.slug)


def _coalition_readable(request, slug):
    coalition = get_object_or_404(Coalition, slug=slug)
    if coalition.is_public or is_member(request.user, coalition):
        return coalition
    raise Http404


def _organization_readable(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if organization.is_public:
        return organization
    user = request.user
    if user.is_authenticated and organization.memberships.filter(user=user).exists():
        return organization
    raise Http404


ROUTES = [
    Route(
        CAMPAIGN,
        "/campaigns/{slug}",
        _campaign_readable,
        lambda r, slug: CAMPAIGN.get_for_editor(r, slug=slug),
    ),
    Route(CASE, "/cases/{slug}", _case_readable, _case_editable),
    Route(
        TOPIC,
        "/topics/{slug}",
        lambda r, slug: get_object_or_404(Topic, slug=slug),
        lambda r, slug: TOPIC.get_for_editor(r, slug=slug),
    ),
    Route(
        COALITION,
        "/coalitions/{slug}",
        _coalition_readable,
        lambda r, slug: COALITION.get_for_editor(r, slug=slug),
    ),
    Route(
        ORGANIZATION,
        "/organizations/{slug}",
        _organization_readable,
        lambda r, slug: ORGANIZATION.get_for_editor(r, slug=slug),
    ),
]


def _one(source, language: str) -> ContentTranslation:
    model = source.translations.model
    return get_object_or_404(model, **{model.SOURCE_FIELD: source, "language": language[:8]})


def _refusal(exc: ValidationError, source) -> Status:
    """422 with each text's place as ["body", "texts", key], other fields as ["body", name]."""
    keys = {item.key for item in source_texts(source)}
    detail = []
    errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    for field, field_errors in errors.items():
        if field == NON_FIELD_ERRORS:
            loc = ["body"]
        elif field in keys or "." in field:
            loc = ["body", "texts", field]
        else:
            loc = ["body", field]
        for error in field_errors:
            for message in error.messages:
                detail.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return Status(422, invalid_body(detail))


def _register(route: Route) -> None:
    """The five endpoints of one kind, named after it in the OpenAPI document."""
    kind, base = route.translatable, route.path + "/translations"
    name = kind.name

    @router.get(
        base,
        response={200: bounded(ContentTranslationOut, LANGUAGES, ONE_PER_LANGUAGE), **ERRORS},
        auth=ANYONE,
        openapi_extra=ANYONE_DOC,
        operation_id=f"list_{name}_translations",
        summary=f"Translations of a {name}",
    )
    def list_translations(request: HttpRequest, slug: str):
        return list(route.readable(request, slug).translations.all())

    @router.get(
        base + "/{language}",
        response={200: ContentTranslationOut, **ERRORS},
        auth=ANYONE,
        openapi_extra=ANYONE_DOC,
        operation_id=f"get_{name}_translation",
        summary=f"One translation of a {name}",
    )
    def get_translation(request: HttpRequest, slug: str, language: Language):
        return _one(route.readable(request, slug), language)

    @router.put(
        base + "/{language}",
        response={200: ContentTranslationOut, 201: ContentTranslationOut, **ERRORS},
        auth=SIGNED_IN,
        operation_id=f"save_{name}_translation",
        summary=f"Add or replace a translation of a {name}",
    )
    def save_translation(
        request: HttpRequest, slug: str, language: Language, payload: ContentTranslationIn
    ):
        """Every text of the original now, translated; tied to those texts (a later change
        to the original makes it stale). 201 when the language is new."""
        source = route.editable(request, slug)
        existed = source.translations.filter(language=language[:8]).exists()
        try:
            translation = services.translation_save(
                translatable=kind,
                source=source,
                actor=request.user,
                language=language[:8],
                texts=payload.texts,
                translator=payload.translator,
                kind=payload.kind,
                reviewed=payload.reviewed,
            )
        except ValidationError as exc:
            return _refusal(exc, source)
        return Status(200 if existed else 201, translation)

    @router.patch(
        base + "/{language}",
        response={200: ContentTranslationOut, **ERRORS},
        auth=SIGNED_IN,
        operation_id=f"review_{name}_translation",
        summary=f"Mark a translation of a {name} as reviewed, or not",
    )
    def review_translation(
        request: HttpRequest, slug: str, language: Language, payload: TranslationReviewIn
    ):
        translation = _one(route.editable(request, slug), language)
        services.translation_review(
            translatable=kind, translation=translation, actor=request.user, **payload.dict()
        )
        return translation

    @router.delete(
        base + "/{language}",
        response={204: None, **ERRORS},
        auth=SIGNED_IN,
        operation_id=f"delete_{name}_translation",
        summary=f"Delete a translation of a {name}",
    )
    def delete_translation(request: HttpRequest, slug: str, language: Language):
        translation = _one(route.editable(request, slug), language)
        services.translation_delete(translatable=kind, translation=translation, actor=request.user)
        return Status(204, None)


for _route in ROUTES:
    _register(_route)
