"""Ballots: signed by a delegate's key or attested by the instance, appended to the ledger.

A ballot's choice enters the ledger through a salted commitment (the opening is stored beside
the entry), so that after a totals-only vote closes members can check who voted and each
organization's signature without learning any choice. A delegate signs the canonical
statement {vote fingerprint, organization, commitment, nonce, time} with a key the manifest
lists for their organization, in the browser or offline with tools/caucus_ballot.py; the
server checks that signature before appending (docs/ledger-format.md).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.decisions import keys, ledger, signer
from caucus.decisions.models import (
    BallotKey,
    BallotKeyState,
    EntryKind,
    HeadEvent,
    LedgerEntry,
    Vote,
    VoteState,
    parse_iso,
)
from caucus.decisions.services.votes import close_if_due, head_post
from caucus.organizations.models import Organization

HEX = re.compile(r"^[0-9a-f]+$")
# How far a delegate's signed time may be from the `cast_at` the instance stamps on the ballot:
# time to sign offline with the tool, and clocks that differ (the offline verifier checks the
# same, against the same `cast_at`).
SIGNED_BEFORE, SIGNED_AFTER = timedelta(minutes=30), timedelta(minutes=5)


@dataclass(frozen=True)
class Signed:
    """What a delegate's device adds to a ballot it signed (all hex but `time`)."""

    key_id: str
    nonce: str
    time: str
    salt: str
    signature: str


def _hex(value: str, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and bool(HEX.match(value))


def statement(vote: Vote, *, organization: str, choice: str, signed: Signed) -> str:
    """The exact text the delegate signs for this ballot (shown to sign offline)."""
    commitment = ledger.sha256(ledger.opening(choice, signed.salt))
    ballot = {
        "org": organization,
        "choice_commitment": commitment,
        "nonce": signed.nonce,
        "time": signed.time,
    }
    return ledger.ballot_statement(vote.fingerprint, ballot)


def prepare() -> Signed:
    """A fresh nonce, salt and time for a ballot to be signed offline (no key or signature)."""
    return Signed(
        key_id="",
        nonce=secrets.token_hex(16),
        time=ledger.iso(timezone.now()),
        salt=secrets.token_hex(16),
        signature="",
    )


def _check_signed(vote: Vote, organization: Organization, choice: str, signed: Signed) -> str:
    """Refuse a voter signature that a verifier would refuse; return the key's public key.

    Its time is checked against the ledger in `_check_in_chain`, when the ballot is appended.
    """
    listed = {
        k["key_id"]: k["public_key"]
        for row in vote.manifest()["eligible"]
        if row["org"] == organization.slug
        for k in row.get("keys", [])
    }
    public = listed.get(signed.key_id)
    if public is None:
        raise ValidationError(
            {"key_id": _("This key is not one of your organization's keys for this vote.")}
        )
    if BallotKey.objects.filter(key_id=signed.key_id, state=BallotKeyState.REVOKED).exists():
        raise ValidationError({"key_id": _("This key was revoked by your organization.")})
    if not (_hex(signed.nonce, 32) and _hex(signed.salt, 32) and _hex(signed.signature, 128)):
        raise ValidationError({"signature": _("The signature data is incomplete or damaged.")})
    try:
        # Fixed width only: verifiers compare times as strings (docs/ledger-format.md).
        canonical = ledger.iso(parse_iso(signed.time)) == signed.time
    except (TypeError, ValueError):
        canonical = False
    if not canonical:
        raise ValidationError({"signature": _("The signed time is not a ledger time.")})
    text = statement(vote, organization=organization.slug, choice=choice, signed=signed)
    if not keys.verify(public, text.encode(), signed.signature):
        raise ValidationError({"signature": _("The signature does not match this ballot and key.")})
    return public


def _check_in_chain(vote: Vote, organization: Organization, signed: Signed, cast_at: str) -> None:
    """Refuse a signed ballot that the verifier would call invalid where it is about to join
    the chain: signed too far from its `cast_at` or not before the close, its nonce already
    used, or not later than its organization's previous signed ballot.

    Called inside the ledger's append, after the head is read and again on each retry, so a
    ballot that a racing write got in first (the same one submitted twice, or another
    delegate's of the organization) is seen here rather than appended out of order.
    """
    at, stamped = parse_iso(signed.time), parse_iso(cast_at)
    closes = vote.manifest()["closes_at"]
    if not stamped - SIGNED_BEFORE <= at <= stamped + SIGNED_AFTER or signed.time >= closes:
        raise ValidationError(
            {
                "signature": _(
                    "This ballot was signed too long ago, or your device's clock is wrong. Sign "
                    "it again."
                )
            }
        )
    if vote.entries.filter(payload__contains=f'"nonce":"{signed.nonce}"').exists():
        raise ValidationError({"signature": _("This signed ballot was already cast.")})
    previous = [
        e.ballot().get("time", "")
        for e in vote.entries.filter(
            kind=EntryKind.BALLOT, payload__contains=f'"org":"{organization.slug}"'
        )
        if e.is_voter_signed
    ]
    if previous and signed.time <= max(previous):
        raise ValidationError(
            {"signature": _("A newer ballot of your organization is already in the ledger.")}
        )


def _payload(vote: Vote, organization: Organization, commitment: str, signed: Signed | None):
    closes = vote.signed_times()[1]

    def build() -> dict:
        # Stamped under the ledger's write, so `cast_at` follows chain order (F9).
        stamped = timezone.now()
        if stamped >= closes:
            raise ValidationError(_("Voting has closed."))
        payload = {
            "org": organization.slug,
            "cast_at": ledger.iso(stamped),
            "choice_commitment": commitment,
            "nonce": signed.nonce if signed else secrets.token_hex(16),
        }
        if signed is not None:
            _check_in_chain(vote, organization, signed, payload["cast_at"])
            payload.update(key_id=signed.key_id, time=signed.time, voter_signature=signed.signature)
        return payload

    return build


def _check_open(vote: Vote, organization: Organization, choice: str) -> dict:
    close_if_due(vote)
    opens, closes = vote.signed_times()  # the manifest's window, not the columns (F2)
    now = timezone.now()
    if vote.state != VoteState.OPEN or now >= closes:
        raise ValidationError(_("Voting has closed."))
    if now < opens:
        raise ValidationError(_("Voting has not opened yet."))
    manifest = vote.manifest()
    if organization.slug not in {row["org"] for row in manifest["eligible"]}:
        raise ValidationError({"organization": _("This organization is not eligible to vote.")})
    if choice not in manifest["options"]:
        raise ValidationError({"choice": _("This choice is not offered in this vote.")})
    return manifest


def ballot_cast(
    *, vote: Vote, organization: Organization, actor, choice: str, signed: Signed | None = None
) -> LedgerEntry:
    """Append a ballot for `organization`; the last one before closing counts.

    Signed by the delegate's key when `signed` is given (checked first), otherwise attested
    by the instance only, which a vote requiring voter signatures refuses. The new head is
    posted to the feed; the receipt is emailed.
    """
    # Imported when used: defining tasks binds them to the backend configured at that moment.
    from caucus.decisions.tasks import send_receipt

    manifest = _check_open(vote, organization, choice)
    if signed is None and manifest.get("require_voter_signatures"):
        raise ValidationError(_("This vote requires ballots signed with your organization's key."))
    version2 = manifest.get("format") == "caucus-vote/2"
    if signed is not None:
        if not version2:
            raise ValidationError(_("This vote was opened before signed ballots existed."))
        _check_signed(vote, organization, choice, signed)
    with transaction.atomic():
        if version2:
            opening = ledger.opening(choice, signed.salt if signed else secrets.token_hex(16))
            build = _payload(vote, organization, ledger.sha256(opening), signed)
        else:  # a vote opened before format 2 keeps format-1 ballots to its end
            opening = ""
            build = _v1_payload(vote, organization, choice)
        try:
            entry = ledger.append(vote, EntryKind.BALLOT, build, opening_text=opening)
        except signer.Equivocation as exc:
            raise ValidationError(
                _("This vote's ledger was altered: nothing was recorded. Tell the coordinators.")
            ) from exc
        head_post(vote=vote, event=HeadEvent.BALLOT, entry=entry)
        transaction.on_commit(lambda: send_receipt.enqueue(entry.pk, actor.pk))
    return entry


def _v1_payload(vote: Vote, organization: Organization, choice: str):
    closes = vote.signed_times()[1]

    def build() -> dict:
        stamped = timezone.now()
        if stamped >= closes:
            raise ValidationError(_("Voting has closed."))
        return {
            "org": organization.slug,
            "choice": choice,
            "cast_at": ledger.iso(stamped),
            "nonce": secrets.token_hex(8),
        }

    return build
