"""Votes: weights, opening with a signed manifest, closing with a signed result."""

from datetime import datetime

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.decisions import keys, ledger
from caucus.decisions.methods import RULES, options_for, tally
from caucus.decisions.models import (
    BallotKey,
    BallotKeyState,
    EntryKind,
    HeadEvent,
    HeadPost,
    LedgerEntry,
    Meeting,
    Motion,
    MotionState,
    Vote,
    VoteState,
    VotingWeight,
)

iso = ledger.iso


def weights_set(*, coalition: Coalition, actor, weights: dict[int, int]) -> None:
    """Set each member organization's ballot weight (organization id → weight; 1 is the default).

    Votes already open keep the weights frozen in their manifests.
    """
    active = set(coalition.active_members().values_list("organization_id", flat=True))
    if any(org_id not in active or weight < 1 for org_id, weight in weights.items()):
        raise ValidationError(_("Weights are whole numbers of at least 1, for active members."))
    current = dict(
        VotingWeight.objects.filter(coalition=coalition).values_list("organization_id", "weight")
    )
    changes = {org: weight for org, weight in weights.items() if current.get(org, 1) != weight}
    if not changes:
        return  # the weights they have already: nothing written or logged
    with transaction.atomic():
        for org_id, weight in changes.items():
            if weight == 1:
                VotingWeight.objects.filter(coalition=coalition, organization_id=org_id).delete()
            else:
                VotingWeight.objects.update_or_create(
                    coalition=coalition, organization_id=org_id, defaults={"weight": weight}
                )
        audit_record(
            actor=actor,
            action="vote.weights_set",
            coalition=coalition,
            weights=", ".join(f"{k}={v}" for k, v in sorted(weights.items()) if v != 1) or "1",
        )


def _eligible(coalition: Coalition) -> list[dict]:
    """Each active member organization with its weight and its active ballot keys, frozen
    into the manifest so the set of keys is part of the fingerprint."""
    weights = dict(
        VotingWeight.objects.filter(coalition=coalition).values_list("organization_id", "weight")
    )
    ballot_keys: dict[int, list[dict]] = {}
    for key in BallotKey.objects.filter(
        organization__coalition_memberships__coalition=coalition, state=BallotKeyState.ACTIVE
    ).order_by("key_id"):
        ballot_keys.setdefault(key.organization_id, []).append(
            {"key_id": key.key_id, "public_key": key.public_key}
        )
    rows = coalition.active_members().select_related("organization").order_by("organization__slug")
    return [
        {
            "org": m.organization.slug,
            "name": m.organization.name,
            "weight": weights.get(m.organization_id, 1),
            "keys": ballot_keys.get(m.organization_id, []),
        }
        for m in rows
    ]


def _check_setup(rules, quorum_percent, threshold_percent, opens_at, closes_at, backfill) -> None:
    if not rules or any(rule not in RULES for rule in rules):
        raise ValidationError({"rules": _("Choose at least one known method.")})
    if "threshold" in rules and not threshold_percent:
        raise ValidationError({"threshold_percent": _("Give the threshold as a percentage.")})
    if not 0 <= quorum_percent <= 100 or not 0 <= (threshold_percent or 0) <= 100:
        raise ValidationError({"quorum_percent": _("Percentages are between 0 and 100.")})
    if closes_at <= opens_at or (closes_at <= timezone.now() and not backfill):
        raise ValidationError({"closes_at": _("Voting must close after it opens, in the future.")})


def _check_eligible(eligible: list[dict], require: bool) -> None:
    if not eligible:
        raise ValidationError(_("The coalition has no active member organizations."))
    keyless = [row["name"] for row in eligible if not row["keys"]]
    if require and keyless:
        raise ValidationError(
            {
                "require_voter_signatures": _(
                    "These organizations have no active ballot key and could not vote: %(names)s."
                )
                % {"names": ", ".join(keyless)}
            }
        )


def _manifest(vote: Vote, motion: Motion, eligible: list[dict], require: bool) -> dict:
    key = keys.current_record()
    manifest = {
        "format": "caucus-vote/2",
        "vote": vote.pk,
        "coalition": motion.coalition.slug,
        "motion": {
            "id": motion.pk,
            "title": motion.title,
            "text_sha256": ledger.sha256(motion.text),
        },
        "options": options_for(vote.rules),
        "rules": vote.rules,
        "threshold_percent": vote.threshold_percent,
        "quorum_percent": vote.quorum_percent,
        "opens_at": iso(vote.opens_at),
        "closes_at": iso(vote.closes_at),
        "recorded": vote.recorded,
        "require_voter_signatures": require,
        "eligible": eligible,
        "key_id": key.key_id,
        "public_key": key.public_key,
        "created_at": iso(timezone.now()),
    }
    if motion.approves_minutes is not None:
        minutes = motion.approves_minutes
        manifest["approves_minutes"] = {
            "meeting": minutes.meeting_id,
            "version": minutes.number,
            "text_sha256": ledger.sha256(minutes.text),
        }
    return manifest


def vote_open(
    *,
    motion: Motion,
    actor,
    rules: list[str],
    quorum_percent: int,
    opens_at: datetime,
    closes_at: datetime,
    recorded: bool = True,
    threshold_percent: int | None = None,
    require_voter_signatures: bool = False,
    _backfill: bool = False,
) -> Vote:
    """Fix the voting setup in a signed manifest (the ledger's first entry) and open the vote.

    With `require_voter_signatures`, only ballots signed by a key the manifest lists for their
    organization are accepted, so every eligible organization needs an active key.
    """
    _check_setup(rules, quorum_percent, threshold_percent, opens_at, closes_at, _backfill)
    eligible = _eligible(motion.coalition)
    _check_eligible(eligible, require_voter_signatures)
    with transaction.atomic():
        locked = Motion.objects.select_for_update().get(pk=motion.pk)
        if locked.state != MotionState.DRAFT:
            raise ValidationError(_("This motion has already been put to a vote."))
        vote = Vote.objects.create(
            motion=motion,
            opens_at=opens_at,
            closes_at=closes_at,
            rules=sorted(rules),
            threshold_percent=threshold_percent if "threshold" in rules else None,
            quorum_percent=quorum_percent,
            recorded=recorded,
            opened_by=actor,
        )
        try:
            manifest = _manifest(vote, motion, eligible, require_voter_signatures)
        except ImproperlyConfigured as exc:
            raise ValidationError(str(exc)) from exc
        entry = ledger.append(vote, EntryKind.OPEN, manifest)
        vote.fingerprint = entry.payload_hash
        vote.save(update_fields=["fingerprint"])
        motion.state = MotionState.VOTING
        motion.save(update_fields=["state"])
        head_post(vote=vote, event=HeadEvent.OPEN, entry=entry)
        audit_record(
            actor=actor,
            action="vote.opened",
            coalition=motion.coalition,
            vote=vote.pk,
            motion=motion.title[:80],
            fingerprint=vote.fingerprint,
            head=entry.entry_hash,
        )
        transaction.on_commit(lambda: schedule_close(vote))
    return vote


def head_post(*, vote: Vote, event: str, entry: LedgerEntry) -> HeadPost:
    """Post the ledger's head to the coalition's public activity feed (ledger heads, Atom);
    the federation app hears of the new row and sends it as a Note of the coalition."""
    return HeadPost.objects.create(
        vote=vote, event=event, height=entry.height, head_hash=entry.entry_hash
    )


def _approve_minutes_by(motion: Motion) -> None:
    """An adopted motion approving minutes approves that version (issue 6, point 2)."""
    version = motion.approves_minutes
    if version is None:
        return
    Meeting.objects.filter(pk=version.meeting_id).update(approved_minutes=version)
    audit_record(
        actor=None,
        action="meeting.minutes_approved",
        coalition=motion.coalition,
        meeting=version.meeting_id,
        version=version.number,
        motion=motion.pk,
    )


def schedule_close(vote: Vote) -> None:
    """Ask the worker to close the vote at its closing time, if the backend can defer."""
    # Imported when used: defining tasks binds them to the backend configured at that moment.
    from caucus.decisions.tasks import close_vote_task

    if close_vote_task.get_backend().supports_defer:
        close_vote_task.using(run_after=vote.signed_times()[1]).enqueue(vote.pk)


def close_if_due(vote: Vote) -> bool:
    """Close the vote if its signed closing time has passed (views that show a result call
    this before reading, so a result never waits for the worker)."""
    if vote.is_due():
        closed = vote_close(vote=vote, trigger="read")
        vote.refresh_from_db()
        vote.motion.refresh_from_db()
        return closed
    return False


def close_due(*, coalition: Coalition) -> None:
    """Close every vote of the coalition past its closing time (for lists of results)."""
    now = timezone.now()
    # The column narrows the query (it is indexed); the signed manifest decides (F2). A vote
    # whose column was moved later is closed by the worker, which reads the manifest.
    due = Vote.objects.filter(motion__coalition=coalition, state=VoteState.OPEN, closes_at__lte=now)
    for vote in due:
        if vote.is_due(now):
            vote_close(vote=vote, trigger="read")


def vote_close(*, vote: Vote, trigger: str) -> bool:
    """Close a due vote once: claim it, append closing and result entries, number a resolution.

    Idempotent: the claim is a conditional UPDATE, so a second or late call changes nothing
    and returns False.
    """
    for _attempt in range(3):
        try:
            return _close(vote, trigger)
        except IntegrityError:  # two resolutions numbered at once; the loser tries again
            continue
    return False


def result_of(vote: Vote) -> dict:
    """The tally of the last ballots, with who voted and how each ballot is attested."""
    manifest = vote.manifest()
    last = {}
    for entry in vote.entries.filter(kind=EntryKind.BALLOT).order_by("height"):
        last[entry.ballot()["org"]] = entry
    result = tally(manifest, {org: entry.choice() for org, entry in last.items()})
    if manifest.get("format") == "caucus-vote/2":
        signed = sum(1 for entry in last.values() if entry.is_voter_signed)
        result["participants"] = sorted(last)
        result["attestation"] = {"voter_signed": signed, "instance_attested": len(last) - signed}
    if manifest["recorded"]:
        result["ballots"] = {org: last[org].choice() for org in sorted(last)}
    return result


def _number(motion: Motion, outcome: str, closes: datetime) -> str | None:
    if outcome == "adopted":
        year = closes.year
        numbered = Motion.objects.filter(coalition_id=motion.coalition_id, resolution_year=year)
        top = numbered.aggregate(n=models.Max("resolution_number"))["n"] or 0
        motion.state = MotionState.ADOPTED
        motion.resolution_year, motion.resolution_number = year, top + 1
        motion.adopted_at = closes
    else:
        motion.state = MotionState.REJECTED
    motion.save(update_fields=["state", "resolution_year", "resolution_number", "adopted_at"])
    return (
        f"{motion.resolution_year}/{motion.resolution_number}" if motion.resolution_number else None
    )


def _close(vote: Vote, trigger: str) -> bool:
    now = timezone.now()
    closes = vote.signed_times()[1]
    if now < closes:  # the manifest's close decides, whatever the column says (F2)
        return False
    with transaction.atomic():
        claimed = Vote.objects.filter(pk=vote.pk, state=VoteState.OPEN).update(
            state=VoteState.CLOSED, closed_at=now
        )
        if claimed != 1:
            return False
        manifest = vote.manifest()
        # The scheduled close (from the manifest) beside the moment the closing ran, so the
        # verifier can tell that no counted ballot came after the scheduled close.
        ledger.append(
            vote,
            EntryKind.CLOSE,
            {"closes_at": manifest["closes_at"], "closed_at": iso(now), "trigger": trigger},
        )
        result = result_of(vote)
        motion = Motion.objects.select_for_update().get(pk=vote.motion_id)
        result["resolution"] = _number(motion, result["outcome"], closes)
        entry = ledger.append(vote, EntryKind.RESULT, result)
        Vote.objects.filter(pk=vote.pk).update(result=result)
        head_post(vote=vote, event=HeadEvent.CLOSE, entry=entry)
        if result["outcome"] == "adopted" and motion.approves_minutes_id:
            _approve_minutes_by(motion)
        audit_record(
            actor=None,
            action="vote.closed",
            coalition=motion.coalition,
            vote=vote.pk,
            outcome=result["outcome"],
            head=entry.entry_hash,
        )
    vote.refresh_from_db()
    return True
