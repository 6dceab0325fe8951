"""Shared setup for decisions tests: a motion of alpha, and a vote on it."""

import secrets
from datetime import timedelta

import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from caucus.decisions import keys, ledger
from caucus.decisions.methods import options_for
from caucus.decisions.models import (
    BallotKey,
    BallotKeyState,
    EntryKind,
    Motion,
    MotionState,
    Vote,
)
from caucus.decisions.services import motions, votes
from caucus.decisions.services.ballots import Signed, ballot_cast, statement


def make_motion(case, title: str = "Solidarity with the dockers", **fields) -> Motion:
    return motions.motion_propose(
        coalition=case.coalition,
        organization=case.alpha,
        actor=case.delegate,
        title=title,
        text="The coalition **stands** with them.",
        seconders=[case.gamma],
        **fields,
    )


def open_vote(
    case,
    motion: Motion | None = None,
    *,
    rules=("simple",),
    quorum: int = 50,
    recorded: bool = True,
    threshold: int | None = None,
    hours: int = 24,
    require: bool = False,
) -> Vote:
    now = timezone.now()
    return votes.vote_open(
        motion=motion or make_motion(case),
        actor=case.coordinator,
        rules=list(rules),
        quorum_percent=quorum,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=hours),
        recorded=recorded,
        threshold_percent=threshold,
        require_voter_signatures=require,
    )


class Clock:
    """The clock of the tests: real time, moved forward by `forward_to` until `reset`.

    Votes close at the time signed in their manifest, which no test can move; so a test that
    needs a vote past its close moves the clock instead, with time-machine (timezone.now and
    time.time alike, in every thread, so a browser test's live server sees it too), and the
    clock keeps ticking from there. caucus/decisions/tests/conftest.py puts it back after
    every test.
    """

    journey: time_machine.travel | None = None
    traveller: time_machine.Traveller | None = None

    @classmethod
    def forward_to(cls, moment) -> None:
        if moment <= timezone.now():
            return  # only ever forward
        if cls.traveller is None:
            cls.journey = time_machine.travel(moment)
            cls.traveller = cls.journey.start()
        else:
            cls.traveller.move_to(moment)

    @classmethod
    def reset(cls) -> None:
        if cls.journey is not None:
            cls.journey.stop()
        cls.journey = cls.traveller = None


def expire(vote: Vote) -> None:
    """Move the clock just past the vote's signed closing time."""
    vote.refresh_from_db()
    Clock.forward_to(vote.signed_times()[1] + timedelta(seconds=1))


def open_v1_vote(
    case, motion: Motion | None = None, *, recorded: bool = True, hours: int = 24
) -> Vote:
    """A vote as Caucus opened them before ballots could be signed (manifest caucus-vote/1,
    ballots carrying their choice): such ledgers must still verify, take ballots and close."""
    motion = motion or make_motion(case)
    now = timezone.now()
    vote = Vote.objects.create(
        motion=motion,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=hours),
        rules=["simple"],
        quorum_percent=50,
        recorded=recorded,
        opened_by=case.coordinator,
    )
    eligible = [
        {"org": m.organization.slug, "name": m.organization.name, "weight": 1}
        for m in motion.coalition.active_members().order_by("organization__slug")
    ]
    manifest = {
        "format": "caucus-vote/1",
        "vote": vote.pk,
        "coalition": motion.coalition.slug,
        "motion": {
            "id": motion.pk,
            "title": motion.title,
            "text_sha256": ledger.sha256(motion.text),
        },
        "options": options_for(vote.rules),
        "rules": vote.rules,
        "threshold_percent": None,
        "quorum_percent": 50,
        "opens_at": ledger.iso(vote.opens_at),
        "closes_at": ledger.iso(vote.closes_at),
        "recorded": recorded,
        "eligible": eligible,
        "public_key": keys.public_key_hex(),
    }
    entry = ledger.append(vote, EntryKind.OPEN, manifest)
    Vote.objects.filter(pk=vote.pk).update(fingerprint=entry.payload_hash)
    Motion.objects.filter(pk=motion.pk).update(state=MotionState.VOTING)
    vote.refresh_from_db()
    return vote


def ballot_key(organization, holder, *, label: str = "laptop") -> Ed25519PrivateKey:
    """A private key whose public half is an active ballot key of `organization`."""
    private = Ed25519PrivateKey.generate()
    public = keys.public_hex(private)
    BallotKey.objects.create(
        organization=organization,
        holder=holder,
        label=label,
        public_key=public,
        key_id=keys.key_id(public),
        state=BallotKeyState.ACTIVE,
        registered_by=holder,
    )
    return private


def sign(vote: Vote, organization, choice: str, private: Ed25519PrivateKey, **over) -> Signed:
    """What a delegate's browser or caucus_ballot.py sends for a ballot (see ballot.js);
    `over` replaces fields (a signature given is kept as it is)."""
    fields = {
        "key_id": keys.key_id(keys.public_hex(private)),
        "nonce": secrets.token_hex(16),
        "time": ledger.iso(timezone.now()),
        "salt": secrets.token_hex(16),
        "signature": "",
        **over,
    }
    if "signature" not in over:
        text = statement(
            vote, organization=organization.slug, choice=choice, signed=Signed(**fields)
        )
        fields["signature"] = private.sign(text.encode()).hex()
    return Signed(**fields)


def cast_signed(vote: Vote, organization, actor, choice: str, private: Ed25519PrivateKey):
    return ballot_cast(
        vote=vote,
        organization=organization,
        actor=actor,
        choice=choice,
        signed=sign(vote, organization, choice, private),
    )
