"""Signatures of statements: by organizations (a specific version) and by individuals.

An individual's email is kept only as ciphertext (EncryptedTextField) and found through its
blind index; the full IP address is never stored, only its truncated prefix (/24, /48).
The public count is SignatureCount.total plus the confirmed rows above its watermark, so no
request counts the whole table and no signature updates one hot row (see counting.py).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import country_name
from caucus.lib.crypto import EncryptedTextField
from caucus.organizations.models import Organization
from caucus.statements.models import Statement, StatementVersion

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class OrgState(models.TextChoices):
    REQUESTED = "requested", _("Asked to co-sign")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OrganizationSignature(models.Model):
    """One organization's signature of one statement, for the version its delegate read."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="organization_signatures"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="statement_signatures"
    )
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=OrgState.choices)
    # Signed before the statement was first published: listed as an initial signatory.
    initial = models.BooleanField(_("initial signatory"), default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    signed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The published version its people were last emailed about (asked to re-confirm once each).
    reconfirm_asked = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organization"], name="one_signature_per_organization"
            )
        ]
        indexes = [models.Index(fields=["statement", "state"])]
        verbose_name = _("organization signature")
        verbose_name_plural = _("organization signatures")

    def __str__(self) -> str:
        return f"{self.organization} on {self.statement_id} ({self.state})"

    def is_outdated(self, statement: Statement) -> bool:
        """Signed an older text than the one published now: the organization must re-confirm."""
        target = statement.published_version_id or statement.current_version_id
        return self.state == OrgState.SIGNED and target is not None and self.version_id != target


class State(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    INVALIDATED = "invalidated", _("Invalidated")


class Signature(models.Model):
    """A person's name under a published statement; counts once its email link is opened."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="signatures", db_index=False
    )
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)  # casefolded, for the search
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    # Ciphertext only; emptied after SIGNER_EMAIL_RETENTION_DAYS once confirmed.
    email = EncryptedTextField(blank=True)
    email_index = models.CharField(max_length=64)
    # The part after "@", kept for the abuse view and bulk invalidation (never the mailbox).
    email_domain = models.CharField(max_length=255)
    ip_prefix = models.CharField(max_length=64, blank=True)  # "203.0.113.0/24", never an address
    language = models.CharField(max_length=8, blank=True)
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    may_contact = models.BooleanField(_("the coalition may contact me"), default=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    mail_sent_at = models.DateTimeField(null=True, blank=True)
    # The confirmation email's delivery (tasks.py): a worker leases the row until
    # mail_lease_until; mail_count numbers the emails accepted so far, which makes each one's
    # Message-ID (the idempotency key a resend after a crash repeats). Nullable or with a
    # database default, so the migration can run before the code that writes them.
    mail_lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    mail_worker = models.CharField(max_length=40, blank=True, db_default="", editable=False)
    mail_count = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "email_index"], name="one_signature_per_email"
            )
        ]
        indexes = [
            # The public names, newest first, paged by id (keyset).
            models.Index(
                fields=["statement", "-id"],
                condition=models.Q(state="confirmed", show_name=True),
                name="signature_public_names",
            ),
            # Confirmed rows above the counter's watermark.
            models.Index(
                fields=["statement", "confirmed_at"],
                condition=models.Q(state="confirmed"),
                name="signature_confirmed",
            ),
            # The rate view and bulk invalidation select by time window.
            models.Index(fields=["statement", "created"], name="signature_created"),
            # The signers still waiting for their confirmation email, a handful among millions.
            models.Index(
                fields=["id"],
                condition=models.Q(state="pending", mail_sent_at__isnull=True),
                name="signature_mail_waiting",
            ),
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""

    def token_state(self) -> str:
        """What the email links sign: a link dies when the signature changes state."""
        return f"{self.pk}:{self.statement_id}:{self.state}:{self.email_index}"


class SignatureCount(models.Model):
    """Confirmed signatures of a statement up to `watermark`; newer ones are counted live."""

    statement = models.OneToOneField(
        Statement, on_delete=models.CASCADE, primary_key=True, related_name="signature_count"
    )
    total = models.PositiveBigIntegerField(default=0)
    watermark = models.DateTimeField(default=EPOCH)

    def __str__(self) -> str:
        return f"{self.total} up to {self.watermark:%Y-%m-%d %H:%M:%S}"


class DailySignatureCount(models.Model):
    """Confirmed signatures of a statement folded into its count, per day of confirmation on
    the statement's clock (its signing_deadline_zone: counting.py).

    Kept by counting.fold under the counter's lock, so the page's momentum ("+312 today") is
    one indexed row plus the short live range above the watermark, never a count of the day.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    total = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "day"], name="one_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.total} on {self.day}"


class SigningReminder(models.Model):
    """A coordinator reminding one organization to sign a statement (the co-signing tracker).

    At most one per statement and organization per REMINDER_INTERVAL (services.remind). The
    row is the job: signatures.tasks.send_signing_reminder claims it by setting `sent_at`
    with a conditional UPDATE, then emails the people who may sign for the organization.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["statement", "organization", "-created"])]
        verbose_name = _("signing reminder")
        verbose_name_plural = _("signing reminders")

    def __str__(self) -> str:
        return f"{self.statement_id} → {self.organization_id} at {self.created:%Y-%m-%d %H:%M}"
