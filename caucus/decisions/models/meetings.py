"""Meetings: their agenda, attendance, minutes, and the joint action plan agreed at them."""

import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.lib.markdown import RenderedMarkdownMixin
from caucus.organizations.models import Organization


class Meeting(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    invited = models.ManyToManyField(
        Organization, related_name="meeting_invitations", verbose_name=_("invited organizations")
    )
    approved_minutes = models.ForeignKey(
        "MinutesVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # iCalendar: one UID for the meeting's life; SEQUENCE goes up with every change invitees
    # must see (time, place, link, cancellation), so calendar apps replace the older copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    modified = models.DateTimeField(default=timezone.now, editable=False)
    original_starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    rescheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting", args=[self.coalition.slug, self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_rescheduled(self) -> bool:
        return self.rescheduled_at is not None

    def latest_minutes(self) -> "MinutesVersion | None":
        return self.minutes.order_by("-number").first()


class ChangeKind(models.TextChoices):
    UPDATED = "updated", _("Changed")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingChange(models.Model):
    """A change invitees must hear about (time, zone, place, link, invitees, cancellation).

    The row is also the job that emails them an updated .ics (claimed by `notified_at`).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    fields = models.JSONField(default=list)  # model field names that changed
    previous = models.JSONField(default=dict)  # their values before (times in ISO 8601, UTC)
    added = models.JSONField(default=list)  # ids of organizations newly invited
    removed = models.JSONField(default=list)  # ids of organizations no longer invited
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "sequence"], name="one_change_per_sequence")
        ]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id} #{self.sequence}: {self.kind}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda, optionally about one of the coalition's own motions,
    statements or campaigns (chosen from them, never pasted as a URL)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=300)
    motion = models.ForeignKey(
        "Motion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motion"),
    )
    statement = models.ForeignKey(
        "statements.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statement"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    # Older items linked by a pasted URL; migration 0003 turned the coalition's own statements,
    # campaigns and motions into the fields above. New items never set it.
    link = models.URLField(_("link"), blank=True, editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def target(self):
        """The motion, statement or campaign the item is about, if any."""
        return self.motion or self.statement or self.campaign


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organization"], name="one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.status}"


class MinutesVersion(RenderedMarkdownMixin, models.Model):
    """One immutable version of a meeting's minutes."""

    MARKDOWN_FIELDS = {"text": "text_html"}

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveIntegerField()
    text = models.TextField(_("minutes"))
    text_html = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} minutes v{self.number}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """An action of the joint action plan, agreed at a meeting (or outside one)."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=500)
    responsible = models.ManyToManyField(
        Organization, related_name="+", verbose_name=_("responsible organizations")
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.text
