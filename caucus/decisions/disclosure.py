"""What a member may see of a vote's ledger: sealed ballots, the export, and receipt lookups.

Ballots are sealed until the closing entry (ledger review F1): while a vote is open, members
see each ballot entry's height, parent, payload hash, entry hash and signature, so the chain
verifies, but not its payload, which names the organization. After the close every member
sees who voted and their signatures; the choices of a recorded vote too, while a totals-only
vote never shows members another organization's choice: a ballot of format 2 names its
choice only through a salted commitment, whose opening stays withheld (format 1 ballots,
which carry the choice in the payload, stay withheld whole). A delegate (or editor, or admin)
of an eligible organization always sees their own organization's ballots. Coordinators get
no exception. The export's format is specified in docs/ledger-format.md.
"""

import json
from dataclasses import dataclass

from caucus.decisions import keys
from caucus.decisions.models import EntryKind, LedgerEntry, Vote

V2 = "caucus-vote/2"


@dataclass
class Sight:
    """What a member acting for the organizations `own` may read of one vote's ballots."""

    closed: bool
    recorded: bool
    version2: bool
    own: set[str]

    def payload(self, row: LedgerEntry) -> bool:
        if row.kind != EntryKind.BALLOT or self._own(row):
            return True
        return self.closed and (self.recorded or self.version2)

    def choice(self, row: LedgerEntry) -> bool:
        if row.kind != EntryKind.BALLOT or self._own(row):
            return True
        return self.closed and self.recorded

    def _own(self, row: LedgerEntry) -> bool:
        return json.loads(row.payload).get("org") in self.own


def sight(rows: list[LedgerEntry], organizations) -> Sight:
    manifest = json.loads(rows[0].payload) if rows and rows[0].kind == EntryKind.OPEN else {}
    return Sight(
        closed=any(row.kind == EntryKind.CLOSE for row in rows),
        recorded=bool(manifest.get("recorded", True)),
        version2=manifest.get("format") == V2,
        own={o.slug for o in organizations},
    )


def _entry(row: LedgerEntry, seen: Sight | None, version2: bool) -> dict:
    entry = {
        "height": row.height,
        "parent_hash": row.parent_hash,
        "kind": row.kind,
        "payload": row.payload if seen is None or seen.payload(row) else None,
        "payload_hash": row.payload_hash,
        "entry_hash": row.entry_hash,
        "signature": row.signature,
    }
    if version2:
        shown = seen is None or seen.choice(row)
        entry["opening"] = row.opening if row.opening and shown else None
    return entry


def _document(vote: Vote, rows: list[LedgerEntry], seen: Sight | None) -> dict:
    manifest = json.loads(rows[0].payload) if rows else {}
    version2 = manifest.get("format") == V2
    data = {
        "format": "caucus-ledger/2" if version2 else "caucus-ledger/1",
        "vote": vote.pk,
        "fingerprint": vote.fingerprint,
        "head": vote.head_hash,
        "public_key": manifest.get("public_key") or keys.public_key_hex(),
        "signature_algorithm": "Ed25519 over the ASCII entry hash",
        "entry_hash": "SHA-256 of canonical JSON {height, kind, parent, payload (its SHA-256)}",
        "payloads": (
            "null where withheld: other organizations' ballots until the closing entry; their "
            "choices always in a totals-only vote"
        ),
        "entries": [_entry(row, seen, version2) for row in rows],
        # The instance's key history, so that a member who trusts today's key can follow the
        # signed rotations back to the key of an older vote (of either format).
        "keys": keys.history(),
    }
    if version2:
        data["key_id"] = manifest.get("key_id")
        data["specification"] = "docs/ledger-format.md; verifier: /verify/caucus_verify.py"
    return data


def export(vote: Vote, organizations) -> dict:
    """The ledger as JSON for a member acting for `organizations` (ledger.json, the API)."""
    rows = list(vote.entries.order_by("height"))
    return _document(vote, rows, sight(rows, organizations))


def full_export(vote: Vote, rows: list[LedgerEntry] | None = None) -> dict:
    """The ledger with every payload and opening, for the server's own check."""
    rows = list(vote.entries.order_by("height", "pk")) if rows is None else rows
    return _document(vote, rows, None)


def shown_ballots(vote: Vote, organizations) -> dict[int, dict]:
    """{height: {org, choice}} of the ballots whose organization a member may read; choice is
    None where only that the organization voted may be read (a closed totals-only vote)."""
    rows = list(vote.entries.order_by("height"))
    seen = sight(rows, organizations)
    return {
        row.height: {
            "org": row.ballot()["org"],
            "choice": row.choice() if seen.choice(row) else None,
        }
        for row in rows
        if row.kind == EntryKind.BALLOT and seen.payload(row)
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
    seen = sight(rows, organizations)
    if entry.kind != EntryKind.BALLOT:
        return Lookup(NOT_BALLOT, entry=entry, closed=seen.closed)
    if not seen.choice(entry):
        return Lookup(NOT_YOURS, entry=entry, closed=seen.closed)
    org = entry.ballot().get("org", "")
    later = [
        row
        for row in rows
        if row.kind == EntryKind.BALLOT and row.height > entry.height and row.ballot()["org"] == org
    ]
    return Lookup(
        REPLACED if later else COUNTED,
        entry=entry,
        organization=org,
        choice=entry.choice(),
        replaced_by=later[-1] if later else None,
        closed=seen.closed,
    )


def own_receipt(vote: Vote, tracker: str, organizations) -> Lookup | None:
    """The receipt of a ballot of the person's own organizations, if `tracker` is one
    (anything else in the address is ignored rather than shown as theirs)."""
    if len(tracker) != 64:
        return None
    found = look_up(vote, tracker, organizations)
    own = {o.slug for o in organizations}
    if found.status in (COUNTED, REPLACED) and found.organization in own:
        return found
    return None


def receipt(vote: Vote, found: Lookup) -> dict:
    """The downloadable receipt of a ballot: its entry as the instance signed it, with the
    delegate's own signature inside the payload and the opening of its choice. Proof that the
    instance accepted this ballot at this place in the chain (docs/ledger-format.md)."""
    entry = found.entry
    manifest = vote.manifest()
    return {
        "format": "caucus-receipt/1",
        "vote": vote.pk,
        "coalition": manifest.get("coalition"),
        "fingerprint": vote.fingerprint,
        "public_key": manifest.get("public_key"),
        "key_id": manifest.get("key_id"),
        "height": entry.height,
        "parent_hash": entry.parent_hash,
        "kind": entry.kind,
        "payload": entry.payload,
        "payload_hash": entry.payload_hash,
        "entry_hash": entry.entry_hash,
        "signature": entry.signature,
        "opening": entry.opening or None,
    }
