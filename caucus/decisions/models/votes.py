"""Motions and votes: the settings and weights they use, and each vote's ledger and heads."""

import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.decisions.models.meetings import Meeting, MinutesVersion
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
    """A weight other than 1 for an organization's ballot, set by the coalition's coordinators
    (services.votes.weights_set, audited); open votes keep the weights of their manifests."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalition", "organization"], name="one_weight_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organization} weighs {self.weight} in {self.coalition}"


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

    @property
    def time_zone(self) -> str:
        """The zone its times are shown in (issue 14): the meeting's where the motion came
        from one, else UTC (a coalition has no zone of its own)."""
        meeting = self.motion.meeting
        return meeting.time_zone if meeting is not None else "UTC"

    def manifest(self) -> dict:
        """The signed manifest (the ledger's first entry), read once per instance."""
        cached = getattr(self, "_manifest", None)
        if cached is None:
            text = self.entries.filter(height=0).values_list("payload", flat=True).first()
            if text is None:
                return {}
            cached = self._manifest = json.loads(text)
        return cached

    def signed_times(self) -> tuple[datetime, datetime]:
        """(opens, closes) as signed in the manifest, the ledger's first entry.

        Ballots are accepted and the vote is closed by these, never by the `opens_at` and
        `closes_at` columns, which only index the worker's queries: a database edit of a
        column must not make the server close early or take late ballots (ledger review F2).
        Before the manifest exists (while the vote is being opened) the columns stand in.
        """
        manifest = self.manifest()
        if not manifest:
            return self.opens_at, self.closes_at
        return parse_iso(manifest["opens_at"]), parse_iso(manifest["closes_at"])

    @property
    def requires_voter_signatures(self) -> bool:
        return bool(self.manifest().get("require_voter_signatures"))

    def last_ballots(self) -> dict[str, str]:
        """{organization: choice} of the last ballot of each organization, in chain order."""
        last: dict[str, str] = {}
        for entry in self.entries.filter(kind=EntryKind.BALLOT).order_by("height"):
            last[entry.ballot()["org"]] = entry.choice()
        return last

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
    # A ballot of format 2 names its choice only through a salted commitment in the payload;
    # this is the opening, {"choice", "salt"} as canonical JSON, disclosed where the choice
    # may be read (caucus/decisions/disclosure.py). Empty for every other entry.
    opening = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["vote", "height"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "height"], name="ledger_no_fork"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}#{self.height} {self.kind}"

    def ballot(self) -> dict:
        return json.loads(self.payload)

    def choice(self) -> str:
        """A ballot's choice: in the payload (format 1) or in its opening (format 2)."""
        if self.opening:
            return json.loads(self.opening)["choice"]
        return self.ballot()["choice"]

    @property
    def is_voter_signed(self) -> bool:
        return self.kind == EntryKind.BALLOT and "voter_signature" in self.ballot()


class HeadEvent(models.TextChoices):
    OPEN = "open", _("opened")
    BALLOT = "ballot", _("received a ballot")
    CLOSE = "close", _("closed")


class HeadPost(models.Model):
    """A ledger head posted to the coalition's public activity feed at opening, after every
    ballot and at closing (the federation app sends each as a Note of the coalition's actor).

    Feed readers and mirrors outside the server keep copies, so a head posted here witnesses
    the chain up to it: if entries were later removed or rewritten, the copies disagree. Heads
    posted while the vote is open witness it as it grows (issue "Verifiable ballots", 5).
    """

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="head_posts")
    event = models.CharField(max_length=6, choices=HeadEvent.choices)
    height = models.PositiveIntegerField()
    head_hash = models.CharField(max_length=64)
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "event"],
                condition=models.Q(event__in=["open", "close"]),
                name="one_head_post_per_event",
            ),
            models.UniqueConstraint(fields=["vote", "height"], name="one_head_post_per_height"),
        ]

    def __str__(self) -> str:
        return f"vote {self.vote_id} {self.event} at {self.head_hash[:16]}"
