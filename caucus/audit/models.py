"""The audit log: who changed what, when, in which organization or coalition.

Entries never hold an IP address or an email address in clear: people are referred to by
account id and display name, invitations by id.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from caucus.audit.actions import describe, describe_html


class AuditEntry(models.Model):
    created = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    coalition = models.ForeignKey(
        "coalitions.Coalition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created"]),
            models.Index(fields=["coalition", "-created"]),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name}: {self.action}"

    def description(self) -> str:
        return describe(self.action, self.data)

    def description_html(self) -> SafeString:
        return describe_html(self.action, self.data)
