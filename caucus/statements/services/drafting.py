"""Drafting statements: creating one, its versions, its translations."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caucus.statements.models import (
    Statement,
    StatementVersion,
    Status,
    canonical_text,
)
from caucus.statements.services.common import audit
from caucus.statements.translatable import STATEMENT
from caucus.translations import services as content_translations
from caucus.translations.models import ContentTranslation


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "statement"
    slug = base
    while Statement.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def statement_create(
    *,
    actor,
    title: str,
    body: str,
    language: str,
    author_organization=None,
    author_body=None,
    author_coalition=None,
    dateline_date: dt.date | None = None,
    dateline_place: str = "",
    teaser: str = "",
    topics: list[str] | None = None,
    regions: list[str] | None = None,
    slug: str | None = None,
) -> Statement:
    """A new draft with its version 1 (the slug comes from the title unless given)."""
    if author_body is not None and author_body.organization_id != author_organization.pk:
        raise ValidationError({"author_body": _("This body belongs to another organization.")})
    with transaction.atomic():
        statement = Statement.objects.create(
            slug=slug or _unique_slug(title),
            author_organization=author_organization,
            author_body=author_body,
            author_coalition=author_coalition,
            language=language,
            dateline_date=dateline_date or timezone.localdate(),
            dateline_place=dateline_place,
            teaser=teaser,
            topics=topics or [],
            regions=regions or [],
            created_by=actor,
        )
        version = StatementVersion.objects.create(
            statement=statement, number=1, title=title, body=body, author=actor
        )
        statement.current_version = version
        statement.save(update_fields=["current_version"])
        audit(statement, actor, "statement.created", title=title)
    return statement


def statement_update(*, statement: Statement, actor, changed: list[str]) -> None:
    """Save the metadata (dateline, language, teaser, tags) a form has applied."""
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be edited."))
    if not changed:
        return
    with transaction.atomic():
        statement.save(update_fields=changed)
        audit(statement, actor, "statement.updated", fields=", ".join(changed))


def version_create(
    *, statement: Statement, actor, title: str, body: str, note: str = ""
) -> StatementVersion | None:
    """A new immutable version when the text changed; None when it is the same text."""
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be edited."))
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        current = locked.current_version
        if current and canonical_text(current.title, current.body) == canonical_text(title, body):
            return None
        last = locked.versions.aggregate(n=Max("number"))["n"] or 0
        version = StatementVersion.objects.create(
            statement=locked, number=last + 1, title=title, body=body, author=actor, note=note
        )
        Statement.objects.filter(pk=statement.pk).update(current_version=version)
        statement.current_version = version
        audit(statement, actor, "statement.version_saved", version=version.number)
    return version


def translation_save(
    *,
    statement: Statement,
    actor,
    language: str,
    title: str,
    body: str,
    teaser: str = "",
    translator: str = "",
    kind: str = "human",
    reviewed: bool = False,
) -> ContentTranslation:
    """Add or replace the translation into `language` of the version readers see now
    (the shared workflow: caucus/translations/services.py)."""
    return content_translations.translation_save(
        translatable=STATEMENT,
        source=statement,
        actor=actor,
        language=language,
        texts={"title": title, "teaser": teaser, "body": body},
        translator=translator,
        kind=kind,
        reviewed=reviewed,
    )
