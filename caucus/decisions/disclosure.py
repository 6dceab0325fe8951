"""What a member may see of a vote's ledger: sealed ballots, the export, and receipt lookups.

Ballots are sealed until the closing entry (ledger review F1, security review #5): while a
vote is open, members see each ballot entry's height, parent, payload hash, entry hash and
signature, so the chain verifies, but not its payload, which names the organization and its
choice. The close unseals them in a recorded vote; a totals-only vote never shows members
another organization's ballot. A delegate (or editor, or admin) of an eligible organization
always sees their own organization's ballots. Coordinators get no exception.

The export (`ledger.json`, and the API's ledger) has this format, `caucus-ledger/1`:

    {format, vote, fingerprint, head, public_key, signature_algorithm, entry_hash, payloads,
     entries: [{height, parent_hash, kind, payload, payload_hash, entry_hash, signature}]}

`payload` is the exact canonical JSON text that `payload_hash` hashes (SHA-256 of its UTF-8
bytes), or null where it is withheld. `entry_hash` is SHA-256 of canonical JSON
{"height", "kind", "parent", "payload": payload_hash}; `signature` is Ed25519 by the instance
key over the ASCII hex of `entry_hash`. Kinds: `open` (the manifest, whose payload hash is the
fingerprint), `ballot` ({org, choice, cast_at, nonce}), `close` ({closes_at, closed_at,
trigger}) and `result`. See caucus/decisions/ledger.py for the verifier.
"""

import json
from dataclasses import dataclass

from caucus.decisions import keys
from caucus.decisions.models import EntryKind, LedgerEntry, Vote


def _is_closed(rows: list[LedgerEntry]) -> bool:
    return any(row.kind == EntryKind.CLOSE for row in rows)


def _recorded(rows: list[LedgerEntry]) -> bool:
    opening = rows[0] if rows and rows[0].kind == EntryKind.OPEN else None
    return bool(opening and json.loads(opening.payload).get("recorded", True))


def visible_payload(row: LedgerEntry, *, closed: bool, recorded: bool, own: set[str]) -> bool:
    """Whether a member of the organizations `own` may read this entry's payload."""
    if row.kind != EntryKind.BALLOT:
        return True  # the manifest, the close and the result (which exists only once closed)
    if json.loads(row.payload).get("org") in own:
        return True
    return closed and recorded


def export(vote: Vote, organizations) -> dict:
    """The ledger as JSON for a member acting for `organizations` (see the module's format)."""
    rows = list(vote.entries.order_by("height"))
    closed, recorded = _is_closed(rows), _recorded(rows)
    own = {o.slug for o in organizations}
    entries = [
        {
            "height": row.height,
            "parent_hash": row.parent_hash,
            "kind": row.kind,
            "payload": row.payload
            if visible_payload(row, closed=closed, recorded=recorded, own=own)
            else None,
            "payload_hash": row.payload_hash,
            "entry_hash": row.entry_hash,
            "signature": row.signature,
        }
        for row in rows
    ]
    return {
        "format": "caucus-ledger/1",
        "vote": vote.pk,
        "fingerprint": vote.fingerprint,
        "head": vote.head_hash,
        "public_key": keys.public_key_hex(),
        "signature_algorithm": "Ed25519 over the ASCII entry hash",
        "entry_hash": "SHA-256 of canonical JSON {height, kind, parent, payload (its SHA-256)}",
        "payloads": (
            "null where withheld: other organizations' ballots until the closing entry, "
            "and always in a totals-only vote"
        ),
        "entries": entries,
    }


def shown_ballots(vote: Vote, organizations) -> dict[int, dict]:
    """{height: {org, choice}} of the ballots a member acting for `organizations` may read."""
    rows = list(vote.entries.order_by("height"))
    closed, recorded = _is_closed(rows), _recorded(rows)
    own = {o.slug for o in organizations}
    return {
        row.height: json.loads(row.payload)
        for row in rows
        if row.kind == EntryKind.BALLOT
        and visible_payload(row, closed=closed, recorded=recorded, own=own)
    }


# --- Receipts -------------------------------------------------------------------------------

COUNTED, REPLACED, NOT_BALLOT, NOT_FOUND, NOT_YOURS = (
    "counted",
    "replaced",
    "not_ballot",
    "not_found",
    "not_yours",
)


@dataclass
class Lookup:
    """The answer to "is this receipt's ballot in the ledger, and does it count?"."""

    status: str
    entry: LedgerEntry | None = None
    organization: str = ""
    choice: str = ""
    replaced_by: LedgerEntry | None = None
    closed: bool = False


def _find(rows: list[LedgerEntry], tracker: str) -> LedgerEntry | None:
    """The entry whose hash is `tracker`, or starts with it (8 characters at least, and only
    when exactly one entry matches)."""
    tracker = tracker.strip().lower()
    if len(tracker) < 8:
        return None
    exact = [row for row in rows if row.entry_hash == tracker]
    if exact:
        return exact[0]
    matches = [row for row in rows if row.entry_hash.startswith(tracker)]
    return matches[0] if len(matches) == 1 else None


def look_up(vote: Vote, tracker: str, organizations) -> Lookup:
    """Say precisely what the receipt `tracker` is, as far as the person may know.

    1. not an entry of this ledger: NOT_FOUND; the manifest, close or result: NOT_BALLOT;
    2. another organization's ballot: NOT_YOURS, unless the recorded vote has closed (then
       every member may read every ballot anyway);
    3. the last ballot of its organization: COUNTED (it counts, or will unless replaced before
       closing); otherwise REPLACED, with the later ballot of the same organization.
    """
    rows = list(vote.entries.order_by("height"))
    entry = _find(rows, tracker)
    if entry is None:
        return Lookup(NOT_FOUND)
    closed = _is_closed(rows)
    if entry.kind != EntryKind.BALLOT:
        return Lookup(NOT_BALLOT, entry=entry, closed=closed)
    own = {o.slug for o in organizations}
    payload = json.loads(entry.payload)
    org = payload.get("org", "")
    if not visible_payload(entry, closed=closed, recorded=_recorded(rows), own=own):
        return Lookup(NOT_YOURS, entry=entry, closed=closed)
    later = [
        row
        for row in rows
        if row.kind == EntryKind.BALLOT
        and row.height > entry.height
        and json.loads(row.payload).get("org") == org
    ]
    return Lookup(
        REPLACED if later else COUNTED,
        entry=entry,
        organization=org,
        choice=payload.get("choice", ""),
        replaced_by=later[-1] if later else None,
        closed=closed,
    )


def own_receipt(vote: Vote, tracker: str, organizations) -> Lookup | None:
    """The receipt the ballot form redirected with, if it is a ballot of the person's own
    organizations (anything else in the address is ignored rather than shown as theirs)."""
    if len(tracker) != 64:
        return None
    found = look_up(vote, tracker, organizations)
    own = {o.slug for o in organizations}
    if found.status in (COUNTED, REPLACED) and found.organization in own:
        return found
    return None
