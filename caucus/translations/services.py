"""One workflow for every kind of content translation: save, mark reviewed, delete.

Called by the web pages (caucus/translations/views.py), the API and the demo alike; every
refusal is a ValidationError naming the text it concerns, and a refused call changes nothing.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caucus.audit.services import audit_record
from caucus.lib.translations import is_language, text_hashes
from caucus.translations.kinds import Translatable
from caucus.translations.models import (
    ContentTranslation,
    TranslationKind,
    forget_source_texts,
    source_texts,
)


def clean_texts(source: Any, texts: Mapping[str, object]) -> tuple[dict[str, str], dict]:
    """(texts to store, {key: message}) for a translation of `source`'s texts as they are now:
    every text the source has must be translated (but those it marks optional), none may be
    longer than the source's field allows, and no key may name a text the source lacks."""
    items = {item.key: item for item in source_texts(source)}
    errors: dict[str, str] = {
        key: _("The original has no such text.") for key in texts if key not in items
    }
    cleaned = {}
    for key, item in items.items():
        value = texts.get(key, "")
        if not isinstance(value, str):
            errors[key] = _("Enter text.")
            continue
        value = value.strip()
        if len(value) > item.max_length:
            errors[key] = ngettext(
                "At most %(n)d character.", "At most %(n)d characters.", item.max_length
            ) % {"n": item.max_length}
        elif not value and item.required and item.text.strip():
            errors[key] = _("Translate this text too.")
        cleaned[key] = value
    return cleaned, errors


def _check_language(source: Any, language: str) -> None:
    if not is_language(language):
        raise ValidationError({"language": _("Choose a language from the list.")})
    if language == source.language:
        raise ValidationError({"language": _("This is the language of the original.")})


def translation_save(
    *,
    translatable: Translatable,
    source: Any,
    actor,
    language: str,
    texts: Mapping[str, object],
    translator: str = "",
    kind: str = TranslationKind.HUMAN,
    reviewed: bool = False,
) -> ContentTranslation:
    """Add or replace the translation of `source` into `language`, tied to its texts now."""
    forget_source_texts(source)  # what the translator saw may have changed since
    reason = translatable.refuse(source)
    if reason:
        raise ValidationError(reason)
    _check_language(source, language)
    if kind not in TranslationKind.values:
        raise ValidationError({"kind": _("Choose human or machine.")})
    cleaned, errors = clean_texts(source, texts)
    errors = translatable.check(source, cleaned) | errors
    if errors:
        raise ValidationError(errors)
    current = {item.key: item.text for item in source_texts(source)}
    model = source.translations.model
    with transaction.atomic():
        translation = (
            model.objects.select_for_update()
            .filter(**{model.SOURCE_FIELD: source, "language": language})
            .first()
        ) or model(**{model.SOURCE_FIELD: source, "language": language})
        before = _stored(translation) if translation.pk else None
        translation.set_texts(cleaned)
        translation.translator = translator.strip()
        translation.kind = kind
        translation.reviewed = reviewed
        translation.source_hashes = text_hashes(current)
        for name, value in translatable.also_set(source).items():
            setattr(translation, name, value)
        if _stored(translation) == before:
            return translation  # the same translation sent again: nothing written or logged
        translation.updated_by = actor
        translation.updated = timezone.now()
        translation.save()
        _audit(translatable, source, actor, translatable.saved_action, language)
    return translation


def translation_review(
    *, translatable: Translatable, translation: ContentTranslation, actor, reviewed: bool = True
) -> None:
    """Mark a translation as checked by a person (or no longer); nothing if it already is."""
    if translation.reviewed == reviewed:
        return
    translation.reviewed = reviewed
    translation.updated_by = actor
    translation.updated = timezone.now()
    with transaction.atomic():
        translation.save(update_fields=["reviewed", "updated_by", "updated"])
        action = "translation.reviewed" if reviewed else "translation.unreviewed"
        _audit(translatable, translation.source, actor, action, translation.language)


def translation_delete(
    *, translatable: Translatable, translation: ContentTranslation, actor
) -> None:
    source, language = translation.source, translation.language
    with transaction.atomic():
        translation.delete()
        _audit(translatable, source, actor, "translation.deleted", language)


def _stored(translation: ContentTranslation) -> dict[str, Any]:
    """What a save would store, but who saved it and when."""
    return {
        field.attname: getattr(translation, field.attname)
        for field in translation._meta.concrete_fields
        if field.name not in ("updated", "updated_by")
    }


def _audit(translatable: Translatable, source, actor, action: str, language: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        **translatable.scope(source),
        **translatable.audit_entry(source),
        language=language,
    )
