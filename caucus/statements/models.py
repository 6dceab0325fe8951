"""Statements: texts authored by an organization, one of its bodies, or a coalition.

Every save of the text is an immutable StatementVersion; the statement points at its current
draft version and at the version that is published.
"""

import datetime as dt
import hashlib
import unicodedata

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.lib.markdown import render_markdown
from caucus.lib.translations import base_code
from caucus.organizations.models import Body, Organization
from caucus.translations.models import (
    ContentTranslation,
    SourceText,
    TranslationKind,
    one_per_language,
)

__all__ = ["TranslationKind"]  # re-exported: statement forms and tests name it from here


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signatures by organizations")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def canonical_text(title: str, body: str) -> str:
    """The exact text a version's hash covers: NFC, LF line ends, no trailing spaces."""
    lines = unicodedata.normalize("NFC", f"{title}\n\n{body}").replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


class StatementQuerySet(models.QuerySet["Statement"]):
    def public(self) -> "StatementQuerySet":
        """Published (or withdrawn, which stay as tombstones) and not scheduled for later."""
        return self.filter(
            status__in=[Status.PUBLISHED, Status.WITHDRAWN], published_at__lte=timezone.now()
        )


class Statement(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    author_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    author_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    author_coalition = models.ForeignKey(
        Coalition, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    language = models.CharField(_("language"), max_length=8)
    dateline_date = models.DateField(_("date"), default=timezone.localdate)
    dateline_place = models.CharField(_("place"), max_length=120, blank=True)
    teaser = models.CharField(_("teaser"), max_length=300, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    open_to_individuals = models.BooleanField(_("individuals can sign"), default=True)
    current_version = models.ForeignKey(
        "StatementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_version = models.ForeignKey(
        "StatementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    # A revision waiting for its time: it becomes published_version at scheduled_at
    # (statements.services.revision_apply_due, run by a deferred task and on read).
    scheduled_version = models.ForeignKey(
        "StatementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("revision scheduled for"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    publication_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # Optional terms of the public sign-on, shown on the page with a progress bar and the
    # closing time; after signing_deadline no new signature is taken (signatures.services).
    signature_goal = models.PositiveIntegerField(_("signature goal"), null=True, blank=True)
    signing_deadline = models.DateTimeField(_("signing closes at"), null=True, blank=True)
    # The zone the closing time was set in, and is shown in (stored in UTC).
    signing_deadline_zone = models.CharField(
        _("time zone of the closing time"), max_length=64, default="UTC", db_default="UTC"
    )
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        author_coalition__isnull=False,
                        author_organization__isnull=True,
                        author_body__isnull=True,
                    )
                    | models.Q(author_coalition__isnull=True, author_organization__isnull=False)
                ),
                name="statement_has_one_author",
            )
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        version = self.published_version or self.current_version
        return version.title if version else self.slug

    def get_absolute_url(self) -> str:
        return reverse("statements:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return (
            self.status in (Status.PUBLISHED, Status.WITHDRAWN)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def revision_is_due(self) -> bool:
        return self.scheduled_at is not None and self.scheduled_at <= timezone.now()

    @property
    def next_change_at(self) -> "dt.datetime | None":
        """When what the public sees changes by itself: a scheduled publication or revision,
        or the end of signing."""
        now = timezone.now()
        candidates = (self.published_at, self.scheduled_at, self.signing_deadline)
        times = [t for t in candidates if t is not None and t > now]
        return min(times, default=None)

    @property
    def signing_closed(self) -> bool:
        """Its signing deadline has passed: no new signature, by a person or organization."""
        return self.signing_deadline is not None and self.signing_deadline <= timezone.now()

    @property
    def reference_version(self) -> "StatementVersion | None":
        """The text readers see: the published version once public, else the draft."""
        if self.status in (Status.PUBLISHED, Status.WITHDRAWN) and self.published_version_id:
            return self.published_version
        return self.current_version

    @property
    def has_unpublished_changes(self) -> bool:
        return bool(
            self.published_version_id and self.current_version_id != self.published_version_id
        )

    def translation_texts(self) -> list[SourceText]:
        """What a translation translates: the text readers see now, and the teaser."""
        version = self.reference_version
        return [
            SourceText("title", str(_("Title")), version.title if version else ""),
            # Optional (API clients send none); a translation without one shows no teaser
            # rather than the original's in another language (statements/reading.py).
            SourceText("teaser", str(_("Teaser")), self.teaser, required=False),
            SourceText(
                "body",
                str(_("Text")),
                version.body if version else "",
                max_length=100_000,
                multiline=True,
                markdown=True,
            ),
        ]

    def title_in(self, language: str) -> str:
        """The published title in `language` ("pt-br" reads "pt") where a published
        translation has one, else the original's: for emails to a reader of that language."""
        code = base_code(language)
        published = self.published_version
        if published is not None and code != self.language:
            found = (
                self.translations.filter(language=code, version__number__lte=published.number)
                .values_list("title", flat=True)
                .first()
            )
            if found:
                return found
        return str(self)

    @property
    def author_name(self) -> str:
        if self.author_coalition_id:
            return str(self.author_coalition)
        if self.author_body_id:
            return str(self.author_body)
        return str(self.author_organization)


class StatementVersion(models.Model):
    """One immutable text of a statement; never updated after it is created."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    sha256 = models.CharField(max_length=64, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="statement_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Statement versions are immutable; make a new version instead.")
        self.sha256 = hashlib.sha256(canonical_text(self.title, self.body).encode()).hexdigest()
        super().save(*args, **kwargs)

    def body_html(self) -> str:
        return render_markdown(self.body)


class Publication(models.Model):
    """One version becoming the published text: the first publication, then each revision."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="publications")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["statement", "-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.statement_id} v{self.version_id} at {self.published_at}"


class AmendmentKind(models.TextChoices):
    REPLACE = "replace", _("Replace a passage")
    INSERT = "insert", _("Insert after a passage")
    DELETE = "delete", _("Delete a passage")


class AmendmentState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """A proposed change to a draft, against one version's text.

    `passage` must occur exactly once in that version's body. An amendment whose version is no
    longer the current one is stale: it can be rebased onto the current version only while the
    passage still occurs there exactly once, and only then applied.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField()
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=AmendmentKind.choices)
    passage = models.TextField(_("passage"))
    replacement = models.TextField(_("new text"), blank=True)
    reason = models.TextField(_("reason"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=AmendmentState.choices, default=AmendmentState.OPEN
    )
    reply = models.TextField(_("reply"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_version = models.ForeignKey(
        StatementVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="amendment_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number} ({self.get_kind_display()})"

    @property
    def is_stale(self) -> bool:
        return self.version_id != self.statement.current_version_id

    def apply_to(self, body: str) -> str | None:
        """The body with this change applied, or None when the passage does not occur once."""
        if body.count(self.passage) != 1:
            return None
        if self.kind == AmendmentKind.REPLACE:
            new = self.replacement
        elif self.kind == AmendmentKind.INSERT:
            new = self.passage + self.replacement
        else:
            new = ""
        return body.replace(self.passage, new, 1)


class Translation(ContentTranslation):
    """A statement in another language, tied to the version it translates (caucus/translations).

    Readers see a translation only once the version it translates is published.
    """

    SOURCE_FIELD = "statement"
    COLUMNS = ("title", "teaser", "body")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    teaser = models.CharField(_("teaser"), max_length=300, blank=True)
    body = models.TextField(_("text"))

    class Meta(ContentTranslation.Meta):
        constraints = [one_per_language("statement", "one_translation_per_language")]

    def body_html(self) -> str:
        return render_markdown(self.body)


class Republication(models.Model):
    """Another organization republishing a statement, with attribution to the original."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="republications"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="republications"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "organization"], name="one_republication")
        ]

    def __str__(self) -> str:
        return f"{self.statement.slug} via {self.organization.slug}"

    def get_absolute_url(self) -> str:
        return reverse(
            "statements:republication", args=[self.statement.slug, self.organization.slug]
        )


class OpeningNotice(models.Model):
    """One person told that a version is open for their organization's signature.

    The row is the job (statements.notify.send_opening_notices): it is made once per person
    and version, and claimed by setting `sent_at` with a conditional UPDATE before the email
    goes, so re-opening the statement or retrying the task never emails anyone twice.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(StatementVersion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_opening_notice")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} v{self.version_id} → {self.user_id}"
