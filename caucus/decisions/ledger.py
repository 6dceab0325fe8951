"""The per-vote ledger: an append-only, signed hash chain, and the server's check of it.

Each entry binds (height, parent hash, kind, SHA-256 of the exact canonical payload bytes)
into its entry hash, which the instance's Ed25519 key named in the manifest signs (through
caucus/decisions/signer.py, which never signs two entries at one height). A unique
(vote, height) constraint means two writers racing for the same height cannot fork the chain:
one gets an IntegrityError and appends again on top of the winner.

The check is the members' own offline verifier (tools/caucus_verify.py) run on the full
ledger, plus what only the server can compare: the rows people are shown (stored result,
motion state and resolution number, time columns, head column) and the record of what the
instance signed. The format is specified in docs/ledger-format.md.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import UTC

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from caucus.decisions import keys, offline, signer
from caucus.decisions.models import EntryKind, LedgerEntry, SignedHeight, Vote

GENESIS = "0" * 64
MAX_ATTEMPTS = 20


def iso(moment) -> str:
    """UTC with a fixed width, so that timestamps in the ledger compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(data: dict) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(*, height: int, parent_hash: str, kind: str, payload_hash: str) -> str:
    header = {"height": height, "kind": kind, "parent": parent_hash, "payload": payload_hash}
    return sha256(canonical(header))


def opening(choice: str, salt: str) -> str:
    """A format-2 ballot's choice and salt; its SHA-256 is the ballot's choice_commitment."""
    return canonical({"choice": choice, "salt": salt})


def ballot_statement(fingerprint: str, ballot: dict) -> str:
    """The exact text a delegate signs for a ballot (docs/ledger-format.md)."""
    return canonical(
        {
            "choice_commitment": ballot["choice_commitment"],
            "format": "caucus-ballot/1",
            "nonce": ballot["nonce"],
            "org": ballot["org"],
            "time": ballot["time"],
            "vote": fingerprint,
        }
    )


def _build(vote: Vote, height: int, parent: str, kind: str, payload: dict, public_key: str):
    text = canonical(payload)
    payload_hash = sha256(text)
    digest = entry_hash(height=height, parent_hash=parent, kind=kind, payload_hash=payload_hash)
    signature = signer.sign_entry(
        vote_id=vote.pk, height=height, entry_hash=digest, public_key=public_key
    )
    return LedgerEntry(
        vote=vote,
        height=height,
        parent_hash=parent,
        kind=kind,
        payload=text,
        payload_hash=payload_hash,
        entry_hash=digest,
        signature=signature,
    )


def append(
    vote: Vote, kind: str, payload: dict | Callable[[], dict], *, opening_text: str = ""
) -> LedgerEntry:
    """Add an entry on top of the current head, retrying when another writer took the height.

    `payload` may be a function, called inside the transaction after the head is read (and
    again on each retry): a ballot takes its `cast_at` there, so chain order and `cast_at`
    order agree (ledger review F9), and it may refuse a ballot stamped at the close. The
    entry is signed by the key its vote's manifest names (the opening names its own).
    """
    for _attempt in range(MAX_ATTEMPTS):
        try:
            with transaction.atomic():
                head = vote.entries.order_by("-height").first()
                if kind == EntryKind.BALLOT and head is not None and head.kind != kind:
                    if head.kind != EntryKind.OPEN:
                        raise ValidationError(_("Voting has closed."))
                height = 0 if head is None else head.height + 1
                parent = GENESIS if head is None else head.entry_hash
                data = payload() if callable(payload) else payload
                public_key = data["public_key"] if kind == EntryKind.OPEN else None
                entry = _build(
                    vote, height, parent, kind, data, public_key or vote.manifest()["public_key"]
                )
                entry.opening = opening_text
                entry.save(force_insert=True)
                Vote.objects.filter(pk=vote.pk).update(head_hash=entry.entry_hash)
                vote.head_hash = entry.entry_hash
                return entry
        except IntegrityError:
            continue
    raise RuntimeError(f"could not append to the ledger of vote {vote.pk}")


# --- The server's check -----------------------------------------------------------------------


def _check_rows(vote: Vote, rows: list[LedgerEntry], report) -> None:
    """What members are shown from the database must be what the ledger says (F2, F3)."""
    manifest = vote.manifest()
    if rows[0].payload_hash != vote.fingerprint:
        report.problems.append(
            _("the opening entry does not match the vote's fingerprint %(f)s")
            % {"f": vote.fingerprint[:16]}
        )
    for name in ("opens_at", "closes_at"):
        stored = getattr(vote, name)
        if stored is not None and iso(stored) != manifest.get(name):
            report.problems.append(
                _("the vote's stored %(name)s %(stored)s differs from the manifest's %(signed)s")
                % {"name": name, "stored": iso(stored), "signed": manifest.get(name)}
            )
    kinds = [row.kind for row in rows]
    if vote.state != "closed" and EntryKind.CLOSE in kinds:
        report.problems.append(_("the vote is open but its ledger has a closing entry"))
    if vote.state == "closed" and kinds[-2:] != [EntryKind.CLOSE, EntryKind.RESULT]:
        report.problems.append(
            _("the vote is closed but the ledger does not end with its closing and result entries")
        )
    if kinds[-1:] == [EntryKind.RESULT]:
        _check_result_rows(vote, rows[-1], report)
    if vote.head_hash != rows[-1].entry_hash:
        report.problems.append(_("the vote's recorded head hash is not the last entry's hash"))


def _check_result_rows(vote: Vote, result_row: LedgerEntry, report) -> None:
    stated = json.loads(result_row.payload)
    if vote.result != stated:
        report.problems.append(
            _("the vote's stored result row differs from the signed result entry at height %(h)s")
            % {"h": result_row.height}
        )
    motion = vote.motion
    motion.refresh_from_db(fields=["state", "resolution_year", "resolution_number"])
    shown = (
        f"{motion.resolution_year}/{motion.resolution_number}" if motion.resolution_number else None
    )
    if stated.get("resolution") != shown:
        report.problems.append(
            _(
                "the motion's resolution number %(shown)s differs from the signed result's "
                "%(stated)s"
            )
            % {"shown": shown, "stated": stated.get("resolution")}
        )
    if motion.state != stated.get("outcome"):
        report.problems.append(
            _("the motion is marked %(state)s but the signed result says %(outcome)s")
            % {"state": motion.state, "outcome": stated.get("outcome")}
        )


def _check_witnesses(vote: Vote, rows: list[LedgerEntry], report) -> None:
    """Heads posted to the feed, and every height the instance signed, are still there."""
    by_height = {row.height: row.entry_hash for row in rows}
    for post in vote.head_posts.order_by("height"):
        if by_height.get(post.height) != post.head_hash:
            report.problems.append(
                _(
                    "the head %(h)s posted to the activity feed at %(event)s (height %(n)s) "
                    "is no longer in the chain"
                )
                % {"h": post.head_hash[:16], "event": post.get_event_display(), "n": post.height}
            )
    for signed in SignedHeight.objects.filter(vote=vote).order_by("height"):
        if by_height.get(signed.height) != signed.entry_hash:
            report.problems.append(
                _(
                    "the instance signed entry %(h)s at height %(n)s, which is no longer in the "
                    "chain: entries were removed or rewritten"
                )
                % {"h": signed.entry_hash[:16], "n": signed.height}
            )


def verify(vote: Vote, *, since: str = "", heads=(), receipts=()):
    """Replay the ledger of `vote` as a member's offline verifier would, with every payload,
    then compare the rows shown to people and the record of signed heights with it.

    `since` and `heads` are heads saved earlier, `receipts` (name, receipt) pairs that members
    kept. The instance trusts its key in use and its recorded history; members pin the key
    they trust themselves (caucus_verify.py --key). The history is a table of this database:
    a manifest key linked to the key in use by no signed rotation is pointed out.
    """
    from caucus.decisions import disclosure

    rows = list(vote.entries.order_by("height", "pk"))
    data = disclosure.full_export(vote, rows)
    # The instance trusts its key in use and its own recorded history (a key adopted after a
    # loss is linked by no signature, yet the votes before it are still the instance's).
    current, history = keys.public_key_hex(), keys.history()
    trusted = [current, *(k["public_key"] for k in history)]
    saved = [(None, since)] if since else []
    tool = offline.tool()
    report = tool.verify(data, trusted=trusted, heads=[*saved, *heads], receipts=receipts)
    named = vote.manifest().get("public_key", "") if rows else ""
    if named and named in trusted and named not in tool.linked_keys({current}, history):
        report.warnings.append(
            _(
                "the manifest's key %(k)s is in this server's recorded key history but not "
                "linked to the key in use by a signed rotation (a key adopted after a loss, or "
                "a row added to the database): only a member who saved that key can vouch for it"
            )
            % {"k": named[:16]}
        )
    if rows:
        _check_rows(vote, rows, report)
        _check_witnesses(vote, rows, report)
    return report
