"""Meetings, motions, votes and their ledger: how a coalition decides and proves what it decided."""

import json
import zoneinfo
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.lib.markdown import RenderedMarkdownMixin
from caucus.organizations.models import Organization


class DecisionSettings(models.Model):
    """A coalition's choices about decisions; absent means the defaults."""

    coalition = models.OneToOneField(
        Coalition, on_delete=models.CASCADE, related_name="decision_settings"
    )
    publish_resolutions = models.BooleanField(
        _("publish resolutions"),
        default=True,
        help_text=_("Show adopted resolutions on the coalition's public page."),
    )

    def __str__(self) -> str:
        return f"Decision settings of {self.coalition}"


class VotingWeight(models.Model):
    """A weight other than 1 for an organization's ballot (set by the operator in the admin)."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalition", "organization"], name="one_weight_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organization} weighs {self.weight} in {self.coalition}"


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


class MotionState(models.TextChoices):
    DRAFT = "draft", _("Proposed")
    VOTING = "voting", _("Being voted")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class Motion(RenderedMarkdownMixin, models.Model):
    MARKDOWN_FIELDS = {"text": "text_html"}

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="motions")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    text_html = models.TextField(editable=False, blank=True)
    proposer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposing organization"),
    )
    seconders = models.ManyToManyField(
        Organization, related_name="+", blank=True, verbose_name=_("seconding organizations")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approves_minutes = models.ForeignKey(
        MinutesVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_motions",
        verbose_name=_("approves the minutes"),
        help_text=_("If the motion is adopted, this version of the minutes is approved."),
    )
    state = models.CharField(max_length=10, choices=MotionState.choices, default=MotionState.DRAFT)
    resolution_year = models.PositiveSmallIntegerField(null=True, blank=True)
    resolution_number = models.PositiveIntegerField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "resolution_year", "resolution_number"],
                name="resolution_number_per_year",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:motion", args=[self.coalition.slug, self.pk])

    @property
    def resolution_label(self) -> str:
        if self.resolution_number is None:
            return ""
        return _("Resolution %(year)s/%(n)s") % {
            "year": self.resolution_year,
            "n": self.resolution_number,
        }


def parse_iso(text: str) -> datetime:
    """A ledger timestamp ("2031-03-04T18:00:00.000000Z", fixed width, UTC) as a datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class VoteState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Vote(models.Model):
    """A motion put to the member organizations; its rules are frozen in the manifest."""

    motion = models.OneToOneField(Motion, on_delete=models.PROTECT, related_name="vote")
    state = models.CharField(max_length=10, choices=VoteState.choices, default=VoteState.OPEN)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    rules = models.JSONField(default=list)
    threshold_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(default=50)
    recorded = models.BooleanField(default=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    head_hash = models.CharField(max_length=64, editable=False, blank=True)
    result = models.JSONField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at"]
        indexes = [models.Index(fields=["state", "closes_at"])]

    def __str__(self) -> str:
        return f"Vote on {self.motion}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:vote", args=[self.motion.coalition.slug, self.pk])

    @property
    def is_consensus(self) -> bool:
        return "consensus" in self.rules

    def signed_times(self) -> tuple[datetime, datetime]:
        """(opens, closes) as signed in the manifest, the ledger's first entry.

        Ballots are accepted and the vote is closed by these, never by the `opens_at` and
        `closes_at` columns, which only index the worker's queries: a database edit of a
        column must not make the server close early or take late ballots (ledger review F2).
        Before the manifest exists (while the vote is being opened) the columns stand in.
        """
        cached = getattr(self, "_signed_times", None)
        if cached is None:
            text = self.entries.filter(height=0).values_list("payload", flat=True).first()
            if text is None:
                return self.opens_at, self.closes_at
            manifest = json.loads(text)
            cached = (parse_iso(manifest["opens_at"]), parse_iso(manifest["closes_at"]))
            self._signed_times = cached
        return cached

    @property
    def signed_opens_at(self) -> datetime:
        return self.signed_times()[0]

    @property
    def signed_closes_at(self) -> datetime:
        return self.signed_times()[1]

    def is_accepting(self, now=None) -> bool:
        now = now or timezone.now()
        opens, closes = self.signed_times()
        return self.state == VoteState.OPEN and opens <= now < closes

    def is_due(self, now=None) -> bool:
        if self.state != VoteState.OPEN:
            return False
        return (now or timezone.now()) >= self.signed_times()[1]


class EntryKind(models.TextChoices):
    OPEN = "open", _("Opening (manifest)")
    BALLOT = "ballot", _("Ballot")
    CLOSE = "close", _("Closing")
    RESULT = "result", _("Result")


class LedgerEntry(models.Model):
    """One link of a vote's append-only hash chain; see caucus/decisions/ledger.py.

    Rows are never updated or deleted by the application. No IP address is stored (issue 6).
    """

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="entries")
    height = models.PositiveIntegerField()
    parent_hash = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    payload = models.TextField()  # the exact canonical JSON; its UTF-8 bytes are hashed
    payload_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, db_index=True)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["vote", "height"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "height"], name="ledger_no_fork"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}#{self.height} {self.kind}"


class HeadEvent(models.TextChoices):
    OPEN = "open", _("opened")
    CLOSE = "close", _("closed")


class HeadPost(models.Model):
    """A ledger head posted to the coalition's public activity feed at opening and closing.

    Feed readers and mirrors outside the server keep copies, so a head posted here witnesses
    the chain up to it: if entries were later removed or rewritten, the copies disagree (issue 6).
    """

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="head_posts")
    event = models.CharField(max_length=5, choices=HeadEvent.choices)
    height = models.PositiveIntegerField()
    head_hash = models.CharField(max_length=64)
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "event"], name="one_head_post_per_event")
        ]

    def __str__(self) -> str:
        return f"vote {self.vote_id} {self.event} at {self.head_hash[:16]}"
