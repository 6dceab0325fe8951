"""Webhooks: an HTTPS endpoint a coalition's coordinators (or an organization's admins) register
to hear about new confirmed signatures, confirmed RSVPs and publications, and each POST to it.

A Delivery row is the job (caucus/webhooks/delivery.py): its body is fixed when the event
happens, so every retry sends the same bytes, signed afresh with the time of sending. The body
names signers and attendees with their emails, which their own tables keep only encrypted: it
is stored encrypted too, and finished rows are pruned (delivery.prune; issue "Trust", part 4).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.lib.crypto import EncryptedTextField
from caucus.organizations.models import Organization


class EventKind(models.TextChoices):
    SIGNATURE_CONFIRMED = "signature.confirmed", _("A new signature was confirmed")
    RSVP_CONFIRMED = "rsvp.confirmed", _("A new RSVP was confirmed")
    STATEMENT_PUBLISHED = "statement.published", _("A statement was published")


class Webhook(models.Model):
    """Exactly one of coalition and organization: whose statements and events it hears of."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, null=True, blank=True, related_name="webhooks"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="webhooks"
    )
    url = models.URLField(_("endpoint URL"), max_length=500)
    secret = EncryptedTextField()  # the HMAC key; shown once, at creation
    events = models.JSONField(default=list)  # EventKind values
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(coalition__isnull=True) ^ Q(organization__isnull=True),
                name="webhook_one_owner",
            )
        ]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    GAVE_UP = "gave_up", _("Given up")


class Delivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    body = EncryptedTextField()  # the JSON sent, fixed once; ciphertext in the database
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)  # a worker is sending it
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="webhook_delivery_due",
            )
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.kind} to {self.webhook_id} ({self.state})"
