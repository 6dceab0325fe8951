"""The keys of the ledger: organizations' ballot keys, the instance's key history, and the
record of what the instance signed at each height (see caucus/decisions/signer.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.organizations.models import Organization


class BallotKeyState(models.TextChoices):
    PENDING = "pending", _("Waiting for an admin's approval")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class BallotKey(models.Model):
    """An Ed25519 public key with which an organization's delegate signs ballots.

    The private key never reaches the server: a browser keeps it (WebCrypto, not extractable)
    or the delegate keeps it in a file (tools/caucus_ballot.py keygen). A delegate registers
    a key and an admin of the organization approves it; an admin's own registration is
    active at once. Votes list the active keys of each eligible organization in their
    manifest when they open, so a key approved or revoked later changes no open vote's list.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="ballot_keys"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ballot_keys",
        verbose_name=_("delegate holding the key"),
    )
    label = models.CharField(_("device"), max_length=100)
    public_key = models.CharField(_("public key"), max_length=64, unique=True)
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    state = models.CharField(
        max_length=10, choices=BallotKeyState.choices, default=BallotKeyState.PENDING
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["organization", "-created"]
        indexes = [models.Index(fields=["organization", "state"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.label} ({self.key_id})"


class LedgerKey(models.Model):
    """One key of the instance's history of ledger signing keys, published with its validity.

    A key after the first is introduced by a rotation that the previous key signs, so a
    member who trusts one key can follow the history to the next; manifests name their key,
    so past votes keep verifying after a rotation (caucus/decisions/keys.py).
    """

    key_id = models.CharField(max_length=16, unique=True)
    public_key = models.CharField(max_length=64, unique=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next"
    )
    rotation_signature = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ["valid_from", "pk"]

    def __str__(self) -> str:
        return f"ledger key {self.key_id}"


class SignedHeight(models.Model):
    """What the instance signed at a height of a vote's ledger: one entry, never two.

    Written by the one signing function in the same transaction as the entry, so an entry
    removed later (a database edit) leaves its height taken: the signer refuses to sign a
    different entry there, and the verifier reports the hole (ledger review F5). An edit that
    deletes these rows too goes unseen by the server (docs/ledger-format.md, section 9).
    """

    vote = models.ForeignKey("Vote", on_delete=models.PROTECT, related_name="+")
    height = models.PositiveIntegerField()
    entry_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "height"], name="one_signature_per_height")
        ]

    def __str__(self) -> str:
        return f"vote {self.vote_id} height {self.height}: {self.entry_hash[:16]}"
