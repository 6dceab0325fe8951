"""What federation keeps: our actors' keys, remote actors and followers, what followers were told
about each local object, the activities we sent, and one delivery row per (activity, inbox).

Nothing here is domain data: every row can be rebuilt from the domain apps (objects, actors)
or is about other servers (remote actors, followers, blocks, deliveries).
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.lib.crypto import EncryptedTextField
from caucus.lib.outbound import is_http_url


class ActorKind(models.TextChoices):
    INSTANCE = "instance", _("This server")
    ORGANIZATION = "organization", _("Organization")
    COALITION = "coalition", _("Coalition")
    CAMPAIGN = "campaign", _("Campaign")


class LocalActor(models.Model):
    """One of our actors: an organization, a coalition, a campaign, or the server itself.

    The row is made the first time the actor is needed (get_or_create on the unique pair), its
    RSA key the first time it signs or is shown (keys.ensure_keys claims the empty key with a
    conditional UPDATE, so two processes never publish two keys).
    """

    kind = models.CharField(max_length=12, choices=ActorKind.choices)
    object_id = models.PositiveBigIntegerField()
    private_key = EncryptedTextField(blank=True, default="")
    public_key = models.TextField(blank=True, default="")
    manually_approves_followers = models.BooleanField(
        _("approve followers manually"),
        default=False,
        help_text=_("Follow requests wait for an operator instead of being accepted at once."),
    )
    follower_count = models.PositiveIntegerField(default=0, editable=False)
    profile_digest = models.CharField(max_length=64, blank=True, editable=False)
    backfilled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_local_actor")
        ]
        verbose_name = _("local actor")
        verbose_name_plural = _("local actors")

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"


class RemoteActor(models.Model):
    """An actor on another server, as last fetched (with a signed GET) from its `id`."""

    uri = models.URLField(max_length=500, unique=True)
    domain = models.CharField(max_length=255, db_index=True)
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    key_id = models.CharField(max_length=500, db_index=True)
    public_key = models.TextField()
    username = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("remote actor")
        verbose_name_plural = _("remote actors")

    def __str__(self) -> str:
        return f"{self.username or self.uri}@{self.domain}"

    @property
    def delivery_inbox(self) -> str:
        return self.shared_inbox or self.inbox

    @property
    def link(self) -> str:
        """The id to link to: "" unless it is an http(s) URL (rows kept before ids were
        checked may hold any scheme a remote server wrote, javascript: included)."""
        return self.uri if is_http_url(self.uri) else ""


class FollowState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACCEPTED = "accepted", _("Accepted")


class Follower(models.Model):
    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="followers")
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="follows")
    follow_id = models.CharField(max_length=500)
    follow = models.JSONField(default=dict, blank=True)  # the Follow as received, for Accept
    state = models.CharField(max_length=10, choices=FollowState.choices)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "remote"], name="one_follow_per_pair")
        ]
        indexes = [models.Index(fields=["actor", "state"])]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")

    def __str__(self) -> str:
        return f"{self.remote} follows {self.actor}"


class InstanceBlock(models.Model):
    """A server we neither deliver to nor accept anything from (and its subdomains)."""

    domain = models.CharField(_("domain"), max_length=255, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocked instance")
        verbose_name_plural = _("blocked instances")

    def __str__(self) -> str:
        return self.domain


class FederatedObject(models.Model):
    """What followers were last told about one local object (publishing.sync keeps it).

    `data` is the object as last sent (the outbox shows it); `digest` tells whether a new
    rendering differs; `deleted_at` marks one that stopped being public (a Delete went out).
    """

    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()
    ap_id = models.CharField(max_length=500, unique=True)
    owner = models.ForeignKey(
        LocalActor, on_delete=models.CASCADE, related_name="federated_objects"
    )
    data = models.JSONField(default=dict)
    digest = models.CharField(max_length=64)
    published = models.DateTimeField()
    updated = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_federated_object")
        ]

    def __str__(self) -> str:
        return self.ap_id


class Activity(models.Model):
    """An activity one of our actors sent; its id is /ap/activities/<uid>.

    Create and Announce rows of live objects make the actor's outbox, newest first.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="activities")
    type = models.CharField(max_length=12)
    object = models.ForeignKey(
        FederatedObject, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField()
    in_outbox = models.BooleanField(default=False)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["actor", "in_outbox", "-published_at", "-id"], name="ap_outbox")
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.type} {self.uid}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    DELIVERED = "delivered", _("Delivered")
    GAVE_UP = "gave_up", _("Given up")


class Delivery(models.Model):
    """One POST of one activity to one inbox: the row is the job (tasks.deliver claims it)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="deliveries")
    inbox = models.URLField(max_length=500)
    domain = models.CharField(max_length=255)
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "inbox"], name="one_delivery_per_inbox")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.inbox} ({self.state})"
