"""The JSON shapes of motions, votes, ballots, receipts and ledgers in the API, and the
functions that fill them."""

import datetime as dt

from ninja import Field, Schema

# Ids are bounded (ge=1, le=2**63 - 1) so that no lookup can overflow a database integer.
from caucus.api.decisions.schemas import FOLD_HELP
from caucus.api.schemas import (
    Fold,
    In,
    LocalDateTime,
    RequiredText,
    Text,
    TimeZone,
    choice,
    required_text,
)
from caucus.decisions.methods import RULES
from caucus.decisions.models import (
    Motion,
    Vote,
)

# --- Motions, votes and weights.


class MotionOut(Schema):
    id: int
    title: str
    text: str
    text_html: str
    proposer: str
    seconders: list[str]
    meeting: int | None
    approves_minutes: int | None
    state: str
    resolution: str
    vote: int | None


class MotionIn(In):
    organization: RequiredText = Field(description="The slug of your organization.")
    title: required_text(300)
    text: RequiredText
    seconders: list[Text] = Field([], max_length=1000)
    meeting: int | None = Field(None, ge=1, le=2**63 - 1)
    approves_minutes: int | None = Field(None, ge=1, le=2**63 - 1)


class VoteOut(Schema):
    id: int
    motion: str
    state: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    fingerprint: str
    head_hash: str
    manifest: dict
    result: dict | None
    resolution: str


class VoteIn(In):
    """The voting setup, fixed in the signed manifest when the vote opens."""

    rules: list[choice("VoteRule", RULES)] = Field(
        min_length=1,
        max_length=10,
        description="Every rule must be met: simple, absolute, two_thirds, consensus, threshold.",
    )
    threshold_percent: int | None = Field(
        None, ge=1, le=100, description="Needed with the threshold rule."
    )
    quorum_percent: int = Field(
        50, ge=0, le=100, description="Share of active members that must vote."
    )
    opens_at: LocalDateTime = Field(
        description='Wall clock in `time_zone`, e.g. "2031-03-04T18:00".'
    )
    closes_at: LocalDateTime
    opens_at_fold: Fold = Field("", description=FOLD_HELP)
    closes_at_fold: Fold = Field("", description=FOLD_HELP)
    time_zone: TimeZone = "UTC"
    recorded: bool = Field(True, description="Whether members see each organization's ballot.")
    require_voter_signatures: bool = Field(
        False,
        description="Accept only ballots signed with a key the manifest lists for their "
        "organization (every member organization needs an active ballot key).",
    )


class WeightOut(Schema):
    organization: str
    name: str
    weight: int


class WeightsIn(In):
    weights: dict[str, int] = Field(
        max_length=1000,
        description="Organization slug → weight (1 to 100). Organizations left out keep theirs.",
    )


class BallotIn(In):
    """A ballot; the last five fields only for a ballot signed with the organization's key."""

    organization: RequiredText
    choice: RequiredText
    key_id: Text = Field("", description="The ballot key's id (16 hex digits).")
    nonce: Text = Field("", description="32 random hex digits, new for every ballot.")
    time: Text = Field("", description='When it was signed, e.g. "2031-03-04T18:00:00.000000Z".')
    salt: Text = Field("", description="32 random hex digits hiding the choice's commitment.")
    signature: Text = Field("", description="Ed25519 over the ballot statement (128 hex).")


class ReceiptOut(Schema):
    tracker: str
    height: int
    signed: bool = Field(description="Signed by the organization's key, not only the instance.")
    receipt: dict = Field(description="The signed receipt to keep (docs/ledger-format.md).")


class ReceiptLookupOut(Schema):
    """What a receipt is. `status`: "counted" (its organization's last ballot: it counts),
    "replaced" (a later ballot of the same organization replaced it), "not_ballot" (the
    manifest, the close or the result), "not_yours" (another organization's ballot, which
    only its delegates may look up while voting is open, or ever in a totals-only vote)."""

    status: str
    height: int
    kind: str
    entry_hash: str
    organization: str | None = Field(None, description="Given for your own ballots.")
    choice: str | None = Field(None, description="Given for your own ballots.")
    replaced_by: str | None = Field(None, description="The entry hash of the later ballot.")
    receipt: dict | None = Field(None, description="The signed receipt, for your own ballots.")


class VerifyOut(Schema):
    ok: bool
    entries: int
    head: str
    problems: list[str]
    warnings: list[str]
    checked: list[str]


# --- Filling the shapes of motions and votes.


def motion_out(motion: Motion) -> dict:
    vote = getattr(motion, "vote", None)
    return {
        "id": motion.pk,
        "title": motion.title,
        "text": motion.text,
        "text_html": motion.text_html,
        "proposer": motion.proposer.slug,
        "seconders": sorted(o.slug for o in motion.seconders.all()),
        "meeting": motion.meeting_id,
        "approves_minutes": motion.approves_minutes_id,
        "state": motion.state,
        "resolution": motion.resolution_label,
        "vote": vote.pk if vote is not None else None,
    }


def vote_out(vote: Vote) -> dict:
    return {
        "id": vote.pk,
        "motion": vote.motion.title,
        "state": vote.state,
        "opens_at": vote.signed_opens_at,  # as signed in the manifest (ledger review F2)
        "closes_at": vote.signed_closes_at,
        "fingerprint": vote.fingerprint,
        "head_hash": vote.head_hash,
        "manifest": vote.manifest(),
        "result": vote.result if vote.state == "closed" else None,
        "resolution": vote.motion.resolution_label,
    }
