"""The one shape of every content translation: an abstract model each translatable app extends.

Each translatable model (statement, campaign, case, topic, coalition, organization) gets its
own table, `<Source>Translation`, made from this base: a real foreign key to its source with
`related_name="translations"`, one row per language, the texts it translates, and who made
it. Why per-model tables rather than one generic (contenttypes) table: the foreign key
cascades and is indexed, queries and prefetches stay plain (`campaign.translations`), and
each text keeps its column type and length; the shared behaviour lives here, once.

A source says what it has to translate with `translation_texts()`: a list of SourceText,
keyed "title", "summary"... for its own fields and "demands.12" for a related row's text.
Keys named in COLUMNS are stored in columns; the others (related rows, platform points) in
`parts`. When a translation is saved it records a hash of each source text
(`source_hashes`); a source text that differs since makes the translation stale.
"""

from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.lib.translations import direction, endonym, stale_keys


class TranslationKind(models.TextChoices):
    HUMAN = "human", _("Human")
    MACHINE = "machine", _("Machine")


@dataclass(frozen=True)
class SourceText:
    """One text of a source as it is now, and how a translator edits it."""

    key: str
    label: str
    text: str
    max_length: int = 300
    multiline: bool = False
    markdown: bool = False
    # A text the translator may leave as it is (a company's name): the reader sees the source's.
    required: bool = True


def source_texts(source: Any) -> list[SourceText]:
    """The source's texts, computed once per instance (they may take queries)."""
    cached = getattr(source, "_translation_texts", None)
    if cached is None:
        cached = source.translation_texts()
        source._translation_texts = cached
    return cached


def forget_source_texts(source: Any) -> None:
    source.__dict__.pop("_translation_texts", None)


class ContentTranslation(models.Model):
    SOURCE_FIELD: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[str, ...]] = ()

    language = models.CharField(_("language"), max_length=8)
    translator = models.CharField(_("translator"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TranslationKind.choices, default=TranslationKind.HUMAN
    )
    reviewed = models.BooleanField(_("reviewed"), default=False)
    # {key: hash of the source text when this translation was saved}: see is_stale.
    source_hashes = models.JSONField(default=dict, blank=True, editable=False)
    # Texts without a column of their own: {"demands.12": "...", "points.1": "..."}.
    parts = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.source} [{self.language}]"

    @property
    def source(self) -> Any:
        return getattr(self, self.SOURCE_FIELD)

    @property
    def name(self) -> str:
        return endonym(self.language)

    @property
    def dir(self) -> str:
        return direction(self.language)

    def text(self, key: str) -> str:
        if key in self.COLUMNS:
            return getattr(self, key) or ""
        value = (self.parts or {}).get(key, "")
        return value if isinstance(value, str) else ""

    def texts(self) -> dict[str, str]:
        return {item.key: self.text(item.key) for item in source_texts(self.source)}

    def set_texts(self, texts: dict[str, str]) -> None:
        """Write the translated texts: columns by name, the rest into `parts`."""
        parts = {}
        for key, value in texts.items():
            if key in self.COLUMNS:
                setattr(self, key, value)
            elif value:
                parts[key] = value
        self.parts = parts

    def stale_keys(self) -> list[str]:
        """The source texts changed or added since this translation was saved."""
        current = {item.key: item.text for item in source_texts(self.source)}
        return stale_keys(self.source_hashes or {}, current)

    @property
    def is_stale(self) -> bool:
        return bool(self.stale_keys())


def one_per_language(source_field: str, name: str) -> models.UniqueConstraint:
    """The constraint every translation table has: one row per source and language."""
    return models.UniqueConstraint(fields=[source_field, "language"], name=name)
