"""Campaigns of a coalition, their days of action, demands and targets, and local events."""

import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from caucus.coalitions.models import Coalition
from caucus.lib import dates
from caucus.lib.countries import country_name
from caucus.lib.crypto import EncryptedTextField
from caucus.lib.markdown import RenderedMarkdownMixin
from caucus.organizations.models import Organization
from caucus.translations.models import ContentTranslation, SourceText, one_per_language

ADDRESS_MAX = 500


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Registration(models.TextChoices):
    MEMBERS = "members", _("Member organizations only")
    HOSTS = "hosts", _("Member organizations and outside hosts (approved by a coordinator)")


class Campaign(RenderedMarkdownMixin, models.Model):
    MARKDOWN_FIELDS = {"description": "description_html"}

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hashtag = models.CharField(_("hashtag"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    registration = models.CharField(
        _("who may register actions"),
        max_length=10,
        choices=Registration.choices,
        default=Registration.MEMBERS,
    )
    statements = models.ManyToManyField(
        "statements.Statement", blank=True, related_name="campaigns", verbose_name=_("statements")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,  # rows written without it (older code) too
        help_text=_("The language the campaign's texts are written in."),
    )
    # db_default: rows written without it (older code, migrations' historical models) too
    header = models.ImageField(_("header image"), upload_to="headers/", blank=True, db_default="")
    # Kept by services.recount(): read by the campaign page instead of counting events.
    organization_count = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.slug])

    @property
    def accepts_hosts(self) -> bool:
        return self.registration == Registration.HOSTS

    def translation_texts(self) -> list[SourceText]:
        """Its own texts, then each demand's, target's and day of action's (caucus/translations)."""
        texts = [
            SourceText("title", str(_("Title")), self.title, max_length=200),
            SourceText("summary", str(_("Summary")), self.summary),
            SourceText(
                "description",
                str(_("Description")),
                self.description,
                max_length=50_000,
                multiline=True,
                markdown=True,
            ),
        ]
        for n, demand in enumerate(self.demands.all(), start=1):
            label = str(_("Demand %(n)s")) % {"n": n}
            texts.append(SourceText(f"demands.{demand.pk}", label, demand.text, max_length=500))
        for n, target in enumerate(self.targets.all(), start=1):
            label = str(_("Target %(n)s")) % {"n": n}
            key = f"targets.{target.pk}"
            texts.append(SourceText(key, label, target.name, max_length=200, required=False))
        for day in self.days.all():
            label = str(_("Day of action, %(date)s")) % {"date": dates.format_date(day.date)}
            texts.append(SourceText(f"days.{day.pk}", label, day.name, max_length=200))
        return texts


class CampaignTranslation(ContentTranslation):
    """A campaign in another language; its demands', targets' and days' texts are in `parts`."""

    SOURCE_FIELD = "campaign"
    COLUMNS = ("title", "summary", "description")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [one_per_language("campaign", "one_campaign_translation_per_language")]
        verbose_name = _("campaign translation")
        verbose_name_plural = _("campaign translations")


class DayOfAction(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    name = models.CharField(_("name or theme"), max_length=200)
    hashtag = models.CharField(_("hashtag"), max_length=60, blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class Demand(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="demands")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("demand"), max_length=500)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="demand_position")
        ]

    def __str__(self) -> str:
        return self.text


class TargetKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    COMPANY = "company", _("Company")
    INSTITUTION = "institution", _("Institution")
    OTHER = "other", _("Other")


class Target(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TargetKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""


class EventKind(models.TextChoices):
    RALLY = "rally", _("Rally")
    # With a context: the month is "March" too, and Django's dates read our catalog first
    # (Greek pages showed "Τρίτη 4 Πορεία 2031", a march for the month).
    MARCH = "march", pgettext_lazy("kind of local action", "March")
    VIGIL = "vigil", _("Vigil")
    PICKET = "picket", _("Picket")
    MEETING = "meeting", _("Meeting")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    TENTATIVE = "tentative", _("Tentative")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    ONLINE = "online", _("Moved online")


class AddressVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    RSVP = "rsvp", _("Only to people who RSVP'd and confirmed their email")
    HIDDEN = "hidden", _("Hidden (people contact the organizers)")


class Approval(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    NEEDS_INFO = "needs_info", _("Needs information")


class EventQuerySet(models.QuerySet["Event"]):
    def listed(self) -> "EventQuerySet":
        """Events anyone may see: approved (cancelled ones stay, marked as such)."""
        return self.filter(approval=Approval.APPROVED)


class Event(RenderedMarkdownMixin, models.Model):
    """A local action. Times are stored in UTC with the IANA zone of the place."""

    MARKDOWN_FIELDS = {"description": "description_html", "report": "report_html"}

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="events", null=True, blank=True
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="events", null=True, blank=True
    )
    host_name = models.CharField(_("host organization"), max_length=200, blank=True)
    host_contact = EncryptedTextField(_("host contact email"), blank=True, null=True)
    host_message = models.TextField(_("message to the coordinators"), blank=True)
    # The page's language when an outside host proposed the action: the review's email is
    # written in it (issue 16), as Rsvp.language is for RSVPs. db_default: rows written
    # without it (older code) too.
    host_language = models.CharField(max_length=8, blank=True, default="", db_default="")
    approval = models.CharField(max_length=12, choices=Approval.choices, default=Approval.APPROVED)
    review_note = models.CharField(_("note to the host"), max_length=500, blank=True)
    day_of_action = models.ForeignKey(
        DayOfAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("starts (UTC)"))
    ends_at = models.DateTimeField(_("ends (UTC)"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), max_length=ADDRESS_MAX, blank=True)
    address_visibility = models.CharField(
        _("address visibility"),
        max_length=10,
        choices=AddressVisibility.choices,
        default=AddressVisibility.PUBLIC,
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # Off unless the organizers choose it: how many are coming can itself be sensitive.
    show_attendees = models.BooleanField(
        _("show how many people have confirmed they are coming"), default=False
    )
    signup_url = models.URLField(_("external sign-up link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.CONFIRMED
    )
    status_note = models.CharField(_("note"), max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    report = models.TextField(_("report"), blank=True)
    report_html = models.TextField(editable=False, blank=True)
    attendance = models.PositiveIntegerField(_("estimated attendance"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["campaign", "approval", "starts_at"]),
            models.Index(fields=["campaign", "approval", "country", "starts_at"]),
            # The calendar's commonest combined filter (country and kind): counted from the
            # index alone when a page of a large campaign is asked for.
            models.Index(fields=["campaign", "approval", "country", "kind", "starts_at"]),
            models.Index(fields=["organization", "approval", "starts_at"]),
            models.Index(fields=["day_of_action", "approval", "starts_at"]),
            models.Index(fields=["campaign", "-created"]),
            # "Find an action near you" reads one city's upcoming actions at a time.
            models.Index(
                fields=["campaign", "approval", "country", "city", "starts_at", "ends_at"],
                name="event_near_place",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:event", args=[self.uid])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def organizer_name(self) -> str:
        return self.organization.display_name if self.organization_id else self.host_name


class EventStatusChange(models.Model):
    """One change of status; the row is also the job that emails confirmed RSVPs."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=10, choices=EventStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.status}"


def _photo_path(instance: "EventPhoto", filename: str) -> str:
    return f"events/{instance.event.uid}/{filename}"


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.caption or self.image.name


class RsvpState(models.TextChoices):
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Rsvp(models.Model):
    """A member of the public coming to an event; the email is encrypted, found by its index."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    name = models.CharField(_("name"), max_length=120)
    email = EncryptedTextField(_("email"))
    email_index = models.CharField(max_length=64, editable=False)
    state = models.CharField(max_length=10, choices=RsvpState.choices, default=RsvpState.PENDING)
    # The page's language at the RSVP: every email about it is written in it.
    language = models.CharField(max_length=8, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "email_index"], name="one_rsvp_per_email")
        ]
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self) -> str:
        return f"RSVP #{self.pk} to {self.event_id}"

    def token_state(self) -> str:
        return f"{self.pk}:{self.state}:{self.cancelled_at}"


class PlaceCount(models.Model):
    """Listed, not cancelled events of a campaign in one city: the map reads only these rows."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="places")
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=120)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    events = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "country", "city"], name="one_place_row")
        ]
        ordering = ["country", "city"]
        # The near search reads a campaign's places inside a bounding box.
        indexes = [models.Index(fields=["campaign", "latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.city}, {self.country}: {self.events}"
