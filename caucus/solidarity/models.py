"""Solidarity cases: people or groups facing prosecution, their timeline, links and followers.

What identifies the person (full name, city, photo, private notes) lives apart, in the case's
CaseRecord, which only coordinators see. A case in protected mode shows the public only its
chosen display name (e.g. initials) and public text written as such: the services refuse any
public field that could name the person (caucus/solidarity/secrecy.py), and a field stored
before that rule, or before protection was turned on, is withheld whole. Every public channel
(pages, feeds, iCal, API, emails, search) reads a case through the `public_*` accessors.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.lib import dates
from caucus.lib.countries import country_name
from caucus.lib.crypto import EncryptedTextField
from caucus.lib.markdown import render_markdown
from caucus.lib.storage import private_storage
from caucus.organizations.models import Organization
from caucus.solidarity.secrecy import Secret, names_secret, secret_of
from caucus.translations.models import ContentTranslation, SourceText, one_per_language


class CaseStatus(models.TextChoices):
    DETAINED = "detained", _("Detained")
    CHARGED = "charged", _("Charged")
    ON_TRIAL = "on_trial", _("On trial")
    CONVICTED = "convicted", _("Convicted")
    RELEASED = "released", _("Released")
    ACQUITTED = "acquitted", _("Acquitted")
    OTHER = "other", _("Other")


class SubjectKind(models.TextChoices):
    PERSON = "person", _("A person")
    GROUP = "group", _("A group")


class EntryKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    CHARGE = "charge", _("Charge")
    HEARING = "hearing", _("Hearing")
    VERDICT = "verdict", _("Verdict")
    APPEAL = "appeal", _("Appeal")
    RELEASE = "release", _("Release")
    TRANSFER = "transfer", _("Transfer")
    UPDATE = "update", _("Update")


class LinkKind(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    RESOLUTION = "resolution", _("Resolution")
    CAMPAIGN = "campaign", _("Campaign")
    EVENT = "event", _("Event")
    APPEAL = "appeal", _("Appeal or petition")
    OTHER = "other", _("Other")


class CaseQuerySet(models.QuerySet["Case"]):
    def public(self) -> "CaseQuerySet":
        """Published cases of listed coalitions; anything else stays with its coordinators."""
        return self.filter(
            published_at__isnull=False,
            published_at__lte=timezone.now(),
            coalition__is_public=True,
        )


class Case(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.PROTECT, related_name="cases")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("organization"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(
        _("case of"), max_length=10, choices=SubjectKind.choices, default=SubjectKind.PERSON
    )
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        help_text=_("What the public sees, e.g. initials for a protected person."),
    )
    country = models.CharField(_("country"), max_length=2)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.DETAINED
    )
    protected = models.BooleanField(
        _("protected mode"),
        default=False,
        help_text=_(
            "For people at risk: the public sees only the display name; no photo, no city."
        ),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,  # rows written without it (older code) too
        help_text=_("The language the summary and the timeline notes are written in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["country", "display_name"]
        indexes = [models.Index(fields=["coalition", "published_at"])]
        verbose_name = _("solidarity case")
        verbose_name_plural = _("solidarity cases")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("solidarity:case", args=[self.slug])

    @property
    def private(self) -> "CaseRecord":
        """The record apart from the public fields (an empty one for a case opened without)."""
        try:
            return self.record
        except CaseRecord.DoesNotExist:
            return CaseRecord(case=self)

    @property
    def secret(self) -> Secret:
        record = self.private
        return secret_of(record.full_name, record.city)

    def identifies(self, text: str, *, markdown: bool = False) -> bool:
        """Whether `text` may not be public: in protected mode, it could name the person."""
        return self.protected and names_secret(self.secret, text, markdown=markdown)

    @property
    def is_public(self) -> bool:
        return (
            self.published_at is not None
            and self.published_at <= timezone.now()
            and self.coalition.is_public
        )

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def summary_html(self) -> str:
        """The summary as written (coordinators' pages only)."""
        return render_markdown(self.summary)

    # --- What the public may see: every public channel reads only these.

    def public_text(self, text: str, *, markdown: bool = False) -> str:
        """`text` for the public, or "" when it could name a protected person: a field is
        withheld whole, never redacted word by word (a redaction leaves the rest to guess)."""
        return "" if self.identifies(text, markdown=markdown) else text

    @property
    def public_display_name(self) -> str:
        if self.identifies(self.display_name):
            return str(_("A protected person"))
        return self.display_name

    @property
    def public_summary(self) -> str:
        """The summary as safe HTML; empty when it could name a protected person."""
        return render_markdown(self.public_text(self.summary, markdown=True))

    @property
    def public_teaser(self) -> str:
        return self.public_teaser_of(self.summary)

    def public_teaser_of(self, summary: str) -> str:
        """A plain, short teaser of `summary` (the case's, or a translation's), if public."""
        plain = re.sub(r"[#*_`>\[\]()!]", "", self.public_text(summary, markdown=True))
        plain = " ".join(plain.split())
        return plain if len(plain) <= 200 else plain[:199].rstrip() + "…"

    @property
    def public_city(self) -> str:
        return "" if self.protected else self.private.city

    @property
    def public_photo_url(self) -> str:
        if self.protected or not self.private.photo:
            return ""
        return reverse("solidarity:photo", args=[self.slug])

    def translation_texts(self) -> list[SourceText]:
        """The public summary and each timeline note (caucus/translations); a translation is
        public text too, refused and withheld like the summary when it could name the person."""
        texts = [
            SourceText(
                "summary",
                str(_("Summary")),
                self.summary,
                max_length=20_000,
                multiline=True,
                markdown=True,
            )
        ]
        for entry in self.entries.order_by("date", "starts_at", "pk"):
            label = f"{entry.get_kind_display()}, {dates.format_date(entry.date)}"
            texts.append(
                SourceText(
                    f"entries.{entry.pk}",
                    label,
                    entry.note,
                    max_length=20_000,
                    multiline=True,
                    markdown=True,
                )
            )
        return texts

    def public_links(self) -> list["CaseLink"]:
        """Links the public may see: with an address, and none that could name the person."""
        links = self.links.public()
        return [link for link in links if link.href and not link.identifies(self)]


class CaseTranslation(ContentTranslation):
    """A case's public texts in another language; timeline notes are in `parts`."""

    SOURCE_FIELD = "case"
    COLUMNS = ("summary",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="translations")
    summary = models.TextField(_("summary"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [one_per_language("case", "one_case_translation_per_language")]
        verbose_name = _("case translation")
        verbose_name_plural = _("case translations")


class CaseRecord(models.Model):
    """What identifies the person, apart from the case's public fields; coordinators only.

    A case that is not protected shows its city and photo by choice, through the case's
    public accessors; the full name and the notes are never public.
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="record"
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        blank=True,
        help_text=_("Never public; coordinators only."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    photo = models.ImageField(_("photo"), upload_to="cases/", storage=private_storage, blank=True)
    notes = models.TextField(
        _("private notes"), blank=True, help_text=_("Never public; coordinators only.")
    )

    class Meta:
        verbose_name = _("case record")
        verbose_name_plural = _("case records")

    def __str__(self) -> str:
        return f"record of case #{self.case_id}"


def public_hearings(coalition: Coalition) -> models.QuerySet["TimelineEntry"]:
    """Timed hearings of the coalition's public cases, of any date: other apps' calendars
    pick their window and show them through the case's public accessors only."""
    return TimelineEntry.objects.filter(
        case__in=Case.objects.public().filter(coalition=coalition),
        kind=EntryKind.HEARING,
        starts_at__isnull=False,
    ).select_related("case", "case__coalition", "case__record")


def upcoming_hearings(coalition: Coalition) -> models.QuerySet["TimelineEntry"]:
    """Future hearings of the coalition's public cases, soonest first (for calendars)."""
    return (
        public_hearings(coalition)
        .filter(starts_at__gte=timezone.now() - timedelta(hours=6))
        .order_by("starts_at", "pk")
    )


class TimelineEntry(models.Model):
    """One dated event in a case. Hearings carry a local time and zone (stored as UTC + zone)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts (UTC)"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    place = models.CharField(_("court or place"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    before_arrest = models.BooleanField(default=False, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-starts_at", "-pk"]
        indexes = [models.Index(fields=["kind", "starts_at"])]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @property
    def local_start(self):
        """The start in the place's own zone (hearings), or None."""
        if self.starts_at is None or not self.time_zone:
            return None
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def local_hhmm(self) -> str:
        """ "09:30": the hearing's time on the court's clock (templates would convert to UTC)."""
        local = self.local_start
        return local.strftime("%H:%M") if local else ""

    def note_html(self) -> str:
        """The note as written (the case file's pages only)."""
        return render_markdown(self.note)

    def public_note(self) -> str:
        return render_markdown(self.case.public_text(self.note, markdown=True))

    def public_place(self) -> str:
        return self.case.public_text(self.place)

    def public_source_url(self) -> str:
        return self.case.public_text(self.source_url)

    def public_title(self) -> str:
        return f"{self.get_kind_display()}: {self.case.public_display_name}"


class CancelledHearing(models.Model):
    """What stays of a deleted future hearing: calendars that copied it learn it is cancelled.

    The public title and place are rendered from the case when the feed is read, so a case
    switched to protected mode later withholds them here too.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cancelled_hearings")
    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64)
    place = models.CharField(max_length=200, blank=True)
    cancelled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.uid


def public_cancelled_hearings(coalition: Coalition) -> models.QuerySet[CancelledHearing]:
    """Deleted hearings of the coalition's public cases, of any date (see public_hearings)."""
    return CancelledHearing.objects.filter(
        case__in=Case.objects.public().filter(coalition=coalition)
    ).select_related("case", "case__record")


def cancelled_hearings(coalition: Coalition) -> models.QuerySet[CancelledHearing]:
    """Deleted hearings still ahead, for calendars to mark as cancelled."""
    return public_cancelled_hearings(coalition).filter(
        starts_at__gte=timezone.now() - timedelta(hours=6)
    )


class CaseLinkQuerySet(models.QuerySet["CaseLink"]):
    def public(self) -> "CaseLinkQuerySet":
        """A statement link shows publicly only once the statement itself is public."""
        from caucus.statements.models import Statement

        return self.filter(
            models.Q(statement__isnull=True)
            | models.Q(statement__in=Statement.objects.public().values("pk"))
        ).select_related("statement", "statement__published_version")


class CaseLink(models.Model):
    """A statement, resolution, campaign, event or appeal connected to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=12, choices=LinkKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    statement = models.ForeignKey(
        "statements.Statement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_links",
    )
    call_to_action = models.CharField(
        _("call to action"),
        max_length=120,
        blank=True,
        help_text=_('e.g. "Sign the appeal", "Attend the hearing vigil".'),
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseLinkQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.link_title

    @property
    def link_title(self) -> str:
        return str(self.statement) if self.statement_id else self.title

    @property
    def href(self) -> str:
        if not self.statement_id:
            return self.url
        try:
            return self.statement.get_absolute_url()
        except NoReverseMatch:  # the statements app's pages are not there yet
            return ""

    def identifies(self, case: Case) -> bool:
        """Whether the title, address or call to action could name the protected person."""
        return any(
            case.identifies(text) for text in (self.link_title, self.href, self.call_to_action)
        )


class FollowerState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Following")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Follower(models.Model):
    """Someone who follows a case by email; the address is encrypted, found by a blind index."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followers")
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64)
    language = models.CharField(max_length=8, blank=True)
    state = models.CharField(
        max_length=12, choices=FollowerState.choices, default=FollowerState.PENDING
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "email_index"], name="one_follower_per_email")
        ]
        indexes = [models.Index(fields=["case", "state"])]

    def __str__(self) -> str:
        return f"follower #{self.pk} of {self.case}"

    def token_state(self) -> str:
        return f"{self.state}:{self.confirmed_at}:{self.unsubscribed_at}"
