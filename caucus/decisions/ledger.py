"""The per-vote ledger: an append-only, signed hash chain, and the verifier that replays it.

Each entry binds (height, parent hash, kind, SHA-256 of the exact canonical payload bytes)
into its entry hash, which the instance's Ed25519 key signs. A unique (vote, height)
constraint means two writers racing for the same height cannot fork the chain: one gets an
IntegrityError and appends again on top of the winner.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from caucus.decisions import keys
from caucus.decisions.methods import tally
from caucus.decisions.models import EntryKind, LedgerEntry, Vote

GENESIS = "0" * 64


def iso(moment) -> str:
    """UTC with a fixed width, so that timestamps in the ledger compare as strings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


MAX_ATTEMPTS = 20


def canonical(data: dict) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(*, height: int, parent_hash: str, kind: str, payload_hash: str) -> str:
    header = {"height": height, "kind": kind, "parent": parent_hash, "payload": payload_hash}
    return sha256(canonical(header))


def _build(vote: Vote, height: int, parent: str, kind: str, payload: dict) -> LedgerEntry:
    text = canonical(payload)
    payload_hash = sha256(text)
    digest = entry_hash(height=height, parent_hash=parent, kind=kind, payload_hash=payload_hash)
    return LedgerEntry(
        vote=vote,
        height=height,
        parent_hash=parent,
        kind=kind,
        payload=text,
        payload_hash=payload_hash,
        entry_hash=digest,
        signature=keys.sign(digest.encode()),
    )


def append(vote: Vote, kind: str, payload: dict | Callable[[], dict]) -> LedgerEntry:
    """Add an entry on top of the current head, retrying when another writer took the height.

    `payload` may be a function, called inside the transaction after the head is read (and
    again on each retry): a ballot takes its `cast_at` there, so chain order and `cast_at`
    order agree (ledger review F9), and it may refuse a ballot stamped at the close.
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
                entry = _build(vote, height, parent, kind, data)
                entry.save(force_insert=True)
                Vote.objects.filter(pk=vote.pk).update(head_hash=entry.entry_hash)
                vote.head_hash = entry.entry_hash
                return entry
        except IntegrityError:
            continue
    raise RuntimeError(f"could not append to the ledger of vote {vote.pk}")


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    entries: int = 0
    head: str = ""
    recount: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_links(rows: list[LedgerEntry], public_key: str, report: Report) -> None:
    """Heights, parents, payload hashes, entry hashes and signatures, entry by entry."""
    previous = GENESIS
    for index, row in enumerate(rows):
        where = _("entry at height %(h)s (%(kind)s)") % {"h": row.height, "kind": row.kind}
        if row.height != index:
            report.problems.append(
                _(
                    "height %(i)s is missing or out of place: found height %(h)s there "
                    "(an entry was deleted, inserted or reordered)"
                )
                % {"i": index, "h": row.height}
            )
        if row.parent_hash != previous:
            report.problems.append(
                _("%(where)s: its parent hash %(p)s is not the hash of the entry before it (%(q)s)")
                % {"where": where, "p": row.parent_hash[:16], "q": previous[:16]}
            )
        if sha256(row.payload) != row.payload_hash:
            report.problems.append(
                _("%(where)s: the payload does not match its hash (the payload was altered)")
                % {"where": where}
            )
        recomputed = entry_hash(
            height=row.height,
            parent_hash=row.parent_hash,
            kind=row.kind,
            payload_hash=row.payload_hash,
        )
        if recomputed != row.entry_hash:
            report.problems.append(
                _("%(where)s: the entry hash does not match its contents") % {"where": where}
            )
        if not keys.verify(public_key, row.entry_hash.encode(), row.signature):
            report.problems.append(
                _("%(where)s: the signature is not valid for the key in the manifest")
                % {"where": where}
            )
        previous = row.entry_hash


def _check_ballot(payload: dict, manifest: dict, where: str, report: Report) -> bool:
    """Whether a ballot counts: eligible organization, offered choice, inside the window."""
    cast_at = payload.get("cast_at", "")
    if payload.get("org") not in {row["org"] for row in manifest["eligible"]}:
        report.problems.append(
            _("%(where)s: a ballot for %(org)s, which is not eligible")
            % {"where": where, "org": payload.get("org")}
        )
    elif payload.get("choice") not in manifest["options"]:
        report.problems.append(
            _("%(where)s: the choice %(c)s is not an option of this vote")
            % {"where": where, "c": payload.get("choice")}
        )
    elif not isinstance(cast_at, str) or cast_at < manifest["opens_at"]:
        report.problems.append(
            _("%(where)s: cast before the vote opened (%(at)s)") % {"where": where, "at": cast_at}
        )
    elif cast_at >= manifest["closes_at"]:
        report.problems.append(
            _("%(where)s: cast at %(at)s, after the scheduled close at %(close)s")
            % {"where": where, "at": cast_at, "close": manifest["closes_at"]}
        )
    else:
        return True
    return False


def _check_close(payload: dict, manifest: dict, last_cast: str, where: str, report) -> None:
    """The closing entry names the manifest's scheduled close and ran after every ballot.

    Ledgers written before the closing entry recorded its run time ("closed_at") still pass.
    """
    if payload.get("closes_at") != manifest["closes_at"]:
        report.problems.append(
            _("%(where)s: names the scheduled close %(at)s, not the manifest's %(close)s")
            % {"where": where, "at": payload.get("closes_at"), "close": manifest["closes_at"]}
        )
    closed_at = payload.get("closed_at")
    if closed_at is not None and (not isinstance(closed_at, str) or closed_at < last_cast):
        report.problems.append(
            _("%(where)s: ran at %(at)s, before a ballot it follows (cast at %(cast)s)")
            % {"where": where, "at": closed_at, "cast": last_cast}
        )
    elif closed_at is not None and closed_at < manifest["closes_at"]:
        # A server told a wrong closing time (a database edit) would close early (F2).
        report.problems.append(
            _("%(where)s: ran at %(at)s, before the scheduled close at %(close)s")
            % {"where": where, "at": closed_at, "close": manifest["closes_at"]}
        )


def _replay(rows: list[LedgerEntry], manifest: dict, report: Report) -> dict[str, str] | None:
    """The order of kinds and the last ballot per organization; None when payloads are bad."""
    last: dict[str, str] = {}
    last_cast = ""
    closed = False
    for row in rows[1:]:
        where = _("entry at height %(h)s (%(kind)s)") % {"h": row.height, "kind": row.kind}
        try:
            payload = json.loads(row.payload)
        except ValueError:
            report.problems.append(_("%(where)s: the payload is not JSON") % {"where": where})
            return None
        if row.kind == EntryKind.OPEN:
            report.problems.append(_("%(where)s: a second opening entry") % {"where": where})
        elif row.kind == EntryKind.BALLOT:
            if closed:
                report.problems.append(
                    _("%(where)s: a ballot after the vote closed") % {"where": where}
                )
            elif _check_ballot(payload, manifest, where, report):
                last[payload["org"]] = payload["choice"]
                last_cast = max(last_cast, payload["cast_at"])
        elif row.kind == EntryKind.CLOSE:
            closed = True
            _check_close(payload, manifest, last_cast, where, report)
    return last


def _check_result_records(vote: Vote, stated: dict, last: dict, manifest: dict, report) -> None:
    """The signed result against the ballots and the rows shown to people (F3): the recorded
    vote's per-organization list, the resolution number and the motion's state."""
    expected = dict(sorted(last.items())) if manifest.get("recorded", True) else None
    if stated.get("ballots") != expected:
        report.problems.append(
            _(
                "the signed result's list of ballots differs from the last ballot of each "
                "organization"
            )
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


def _check_result(
    vote: Vote, rows: list[LedgerEntry], recount: dict, last: dict, report: Report
) -> None:
    kinds = [row.kind for row in rows]
    if vote.state != "closed":
        if EntryKind.CLOSE in kinds or EntryKind.RESULT in kinds:
            report.problems.append(_("the vote is open but its ledger has a closing entry"))
        return
    if kinds[-2:] != [EntryKind.CLOSE, EntryKind.RESULT]:
        report.problems.append(
            _("the vote is closed but the ledger does not end with its closing and result entries")
        )
        return
    result_row = rows[-1]
    stated = json.loads(result_row.payload)
    for key, value in recount.items():
        if stated.get(key) != value:
            report.problems.append(
                _(
                    "result entry at height %(h)s: %(key)s is %(stated)s but the recount of the "
                    "last ballots gives %(value)s"
                )
                % {"h": result_row.height, "key": key, "stated": stated.get(key), "value": value}
            )
    if vote.result != stated:
        report.problems.append(
            _("the vote's stored result row differs from the signed result entry at height %(h)s")
            % {"h": result_row.height}
        )
    _check_result_records(vote, stated, last, json.loads(rows[0].payload), report)


def _check_columns(vote: Vote, manifest: dict, report: Report) -> None:
    """The vote's opening and closing columns must be the manifest's (the server decides by
    the manifest, but people read the columns in lists and the worker's queue)."""
    for name in ("opens_at", "closes_at"):
        stored = getattr(vote, name)
        if stored is not None and iso(stored) != manifest.get(name):
            report.problems.append(
                _("the vote's stored %(name)s %(stored)s differs from the manifest's %(signed)s")
                % {"name": name, "stored": iso(stored), "signed": manifest.get(name)}
            )


def _check_posted_heads(vote: Vote, rows: list[LedgerEntry], report: Report) -> None:
    """Every head posted to the activity feed must still be the entry at its height."""
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


def verify(vote: Vote, *, since: str = "") -> Report:
    """Replay the ledger of `vote` and say what, if anything, is wrong.

    1. links: heights contiguous, parents chained, payload and entry hashes, signatures;
    2. the opening entry is the manifest whose hash is the vote's fingerprint;
    3. ballots: eligible organization, offered choice, inside the window, none after the
       closing entry, which names the manifest's scheduled close and ran after every ballot
       and not before the scheduled close; the vote's time columns are the manifest's;
    4. the tally of the last ballot per organization equals the signed result and the stored
       result row; the result's ballots list, the resolution number and the motion's state
       agree with it; the stored head is the last entry;
    5. the heads posted to the activity feed and `since` (a head saved earlier) are still there.
    """
    rows = list(vote.entries.order_by("height", "pk"))
    report = Report(entries=len(rows), head=rows[-1].entry_hash if rows else "")
    if not rows:
        report.problems.append(_("the ledger is empty"))
        return report
    opening = rows[0]
    try:
        manifest = json.loads(opening.payload)
    except ValueError:
        manifest = None
    if opening.kind != EntryKind.OPEN or not isinstance(manifest, dict):
        report.problems.append(_("the first entry is not the opening manifest"))
        _check_links(rows, keys.public_key_hex(), report)
        return report
    if opening.payload_hash != vote.fingerprint or sha256(opening.payload) != vote.fingerprint:
        report.problems.append(
            _("the opening entry does not match the vote's fingerprint %(f)s")
            % {"f": vote.fingerprint[:16]}
        )
    public_key = manifest.get("public_key", "")
    if public_key != keys.public_key_hex():
        report.problems.append(_("the manifest names a signing key other than this instance's"))
    _check_links(rows, public_key, report)
    _check_columns(vote, manifest, report)
    last = _replay(rows, manifest, report)
    if last is not None:
        report.recount = tally(manifest, last)
        _check_result(vote, rows, report.recount, last, report)
    if vote.head_hash != rows[-1].entry_hash:
        report.problems.append(_("the vote's recorded head hash is not the last entry's hash"))
    _check_posted_heads(vote, rows, report)
    if since and since not in {row.entry_hash for row in rows}:
        report.problems.append(
            _("the head %(h)s saved earlier is not in the chain: entries were removed or rewritten")
            % {"h": since[:16]}
        )
    return report
