#!/usr/bin/env python3
"""Check a Caucus vote's ledger on your own computer, trusting nothing the server says.

    python caucus_verify.py ledger.json [--key HEX] [--head HEX ...] [--heads FILE]
                            [--receipt FILE ...]

Needs Python 3.10 or later and the `cryptography` package (pip install cryptography), nothing
else: it is one file, downloadable from every Caucus instance at /verify/caucus_verify.py.
It checks the hash chain, the instance's signature and each delegate's signature on every
entry, that every ballot is signed by a key the manifest lists for its organization (or
counts it as attested by the instance only), the heads and receipts you kept, the close
against the scheduled closing time, and recounts the result. It prints what it checked and
exits with status 1 on any failure, naming the entry; with status 2 when a file cannot be read,
or when the ledger verifies but a receipt you gave is refused (not signed by this vote's
instance key, nor by one you trust: it proves nothing about the ledger). The format is
specified in docs/ledger-format.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS = "0" * 64
CHOICES = ("for", "against", "abstain", "block")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
# A delegate's signed time may be this far before or after the instance's stamp (clock skew,
# and time spent signing offline with caucus_ballot.py).
SIGNED_BEFORE, SIGNED_AFTER = timedelta(minutes=30), timedelta(minutes=5)


# --- The format's primitives (docs/ledger-format.md, "Hashes and signatures") --------------


def canonical(data) -> str:
    """Sorted keys, no spaces, UTF-8 characters as themselves."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_id(public_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


def signature_ok(public_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(signature_hex), message
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def entry_hash(height: int, parent: str, kind: str, payload_hash: str) -> str:
    return sha256(
        canonical({"height": height, "kind": kind, "parent": parent, "payload": payload_hash})
    )


def ballot_statement(fingerprint: str, ballot: dict) -> str:
    """The exact text a delegate signs for a ballot of format 2."""
    return canonical(
        {
            "choice_commitment": ballot.get("choice_commitment"),
            "format": "caucus-ballot/1",
            "nonce": ballot.get("nonce"),
            "org": ballot.get("org"),
            "time": ballot.get("time"),
            "vote": fingerprint,
        }
    )


def rotation_statement(key: dict) -> str:
    """The exact text the previous instance key signs to introduce the next one."""
    fields = ("key_id", "previous", "public_key", "valid_from")
    return canonical(
        {"format": "caucus-key-rotation/1", **{name: key.get(name) for name in fields}}
    )


def parse_time(text) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)  # noqa: UP017 — Python 3.10
    except (TypeError, ValueError):
        return None


def strict_json(text: str):
    """JSON that refuses duplicate keys (two readers must never see two different objects)."""

    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(items)

    return json.loads(text, object_pairs_hook=pairs)


# --- The tally (the same rules as the server's caucus/decisions/methods.py) ----------------


def rule_passes(rule: str, counts: dict, eligible_weight: int, threshold) -> bool | None:
    cast = counts["for"] + counts["against"] + counts["block"]
    yes = counts["for"]
    return {
        "simple": 2 * yes > cast,
        "absolute": 2 * yes > eligible_weight,
        "two_thirds": cast > 0 and 3 * yes >= 2 * cast,
        "consensus": counts["block"] == 0,
        "threshold": 100 * yes >= (threshold or 0) * eligible_weight,
    }.get(rule)


def rules_and_outcome(manifest: dict, counts: dict, quorum_met: bool) -> tuple[dict, str]:
    weights = {row["org"]: row["weight"] for row in manifest["eligible"]}
    rules = {
        rule: rule_passes(rule, counts, sum(weights.values()), manifest.get("threshold_percent"))
        for rule in manifest["rules"]
    }
    adopted = quorum_met and counts["for"] > 0 and all(rules.values())
    return rules, "adopted" if adopted else "rejected"


def tally(manifest: dict, last: dict[str, str]) -> dict:
    """Weigh each organization's last choice; quorum counts organizations, not weight."""
    weights = {row["org"]: row["weight"] for row in manifest["eligible"]}
    counts = dict.fromkeys(CHOICES, 0)
    for org, choice in last.items():
        counts[choice] += weights[org]
    quorum_met = 100 * len(last) >= manifest["quorum_percent"] * len(weights)
    rules, outcome = rules_and_outcome(manifest, counts, quorum_met)
    return {
        "counts": counts,
        "eligible": len(weights),
        "eligible_weight": sum(weights.values()),
        "participating": len(last),
        "quorum_met": quorum_met,
        "rules": rules,
        "outcome": outcome,
    }


# --- The report -------------------------------------------------------------------------------


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)  # what is wrong with the ledger
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # receipts that are no evidence about it
    checked: list[str] = field(default_factory=list)
    recount: dict | None = None
    entries: int = 0
    head: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def where(entry: dict) -> str:
    return f"entry at height {entry.get('height')} ({entry.get('kind')})"


@dataclass
class Ballot:
    """What the replay learned of one ballot entry."""

    entry: dict
    payload: dict  # empty while the whole ballot is sealed
    org: str
    choice: str | None  # None while sealed (its payload or its opening withheld)
    signed: bool


@dataclass
class Replay:
    manifest: dict
    fingerprint: str
    ballots: list[Ballot] = field(default_factory=list)
    close: dict | None = None
    result: dict | None = None
    result_height: int | None = None


# --- Checks -----------------------------------------------------------------------------------


def check_links(entries: list, public_key: str, report: Report) -> None:
    """Heights, parents, payload hashes, canonical form, entry hashes and instance signatures."""
    previous = GENESIS
    for index, entry in enumerate(entries):
        at = where(entry)
        if entry.get("height") != index:
            report.problems.append(
                f"height {index} is missing or out of place: found height {entry.get('height')} "
                "there (an entry was deleted, inserted or reordered)"
            )
        if entry.get("parent_hash") != previous:
            report.problems.append(
                f"{at}: its parent hash {str(entry.get('parent_hash'))[:16]} is not the hash of "
                f"the entry before it ({previous[:16]})"
            )
        payload = entry.get("payload")
        if payload is not None and sha256(payload) != entry.get("payload_hash"):
            report.problems.append(
                f"{at}: the payload does not match its hash (the payload was altered)"
            )
        digest = entry_hash(
            entry.get("height"),
            entry.get("parent_hash"),
            entry.get("kind"),
            entry.get("payload_hash"),
        )
        if digest != entry.get("entry_hash"):
            report.problems.append(f"{at}: the entry hash does not match its contents")
        if not signature_ok(
            public_key, str(entry.get("entry_hash")).encode(), str(entry.get("signature"))
        ):
            report.problems.append(f"{at}: the signature is not valid for the key in the manifest")
        previous = str(entry.get("entry_hash"))
    report.checked.append(
        f"chain: {len(entries)} entries linked by their hashes, each signed by instance key "
        f"{public_key[:16]}"
    )


def _signed_in(key: dict, history: list) -> bool:
    """Whether the key before `key` in the history signed its introduction."""
    previous = next((k for k in history if k.get("key_id") == key.get("previous")), None)
    statement = rotation_statement(key).encode()
    return previous is not None and signature_ok(
        previous.get("public_key", ""), statement, key.get("rotation_signature") or ""
    )


def linked_keys(start: set[str], history: list) -> set[str]:
    """Public keys linked to `start` by rotations that the older key signed."""
    signed = [
        (prev["public_key"], key["public_key"])
        for key in history
        for prev in history
        if prev.get("key_id") == key.get("previous") and _signed_in(key, history)
    ]
    found, grew = set(start), True
    while grew:
        grew = False
        for old, new in signed:
            if (old in found) != (new in found):
                found |= {old, new}
                grew = True
    return found


def check_instance_key(data: dict, manifest: dict, trusted: list[str], report: Report) -> None:
    """The manifest names its key; the key history says when it was valid; --key pins it."""
    public_key = manifest.get("public_key", "")
    history = data.get("keys") or []
    if manifest.get("format") == "caucus-vote/2":
        if not HEX64.match(public_key or "") or manifest.get("key_id") != key_id(public_key):
            report.problems.append("the manifest's key_id is not the id of its public key")
        row = next((k for k in history if k.get("public_key") == public_key), None)
        created = manifest.get("created_at", "")
        if row is None:
            report.problems.append("the manifest's key is not in the instance's key history")
        elif not (
            row.get("valid_from", "") <= created
            and (not row.get("valid_until") or created < row["valid_until"])
        ):
            report.problems.append(
                f"the manifest was made at {created}, outside the validity of its key "
                f"{row.get('key_id')}"
            )
        for key in history:
            if key.get("previous") and not _signed_in(key, history):
                report.warnings.append(
                    f"instance key {key.get('key_id')} was introduced without a valid signature "
                    "of the previous key"
                )
    if data.get("public_key") not in (None, public_key):
        report.problems.append("the file's public_key is not the key its manifest names")
    if not trusted:
        report.warnings.append(
            f"no --key given: checked against the key the ledger names itself ({public_key}); "
            "compare it with the key on the coalition's page or one you saved earlier"
        )
    elif public_key not in linked_keys(set(trusted), history):
        report.problems.append(
            f"the manifest's key {public_key[:16]} is not a key you trust (--key), nor linked to "
            "one "
            "by a signed rotation: a different key was substituted"
        )
    else:
        report.checked.append(
            f"instance key {public_key[:16]} is the key you trust (--key) or signed by it"
        )


def _opening_choice(entry: dict, ballot: dict, manifest: dict, report: Report) -> str | None:
    opening = entry.get("opening")
    if opening is None:
        return None
    try:
        data = strict_json(opening)
    except ValueError:
        data = None
    if not isinstance(data, dict) or canonical(data) != opening or set(data) != {"choice", "salt"}:
        report.problems.append(
            f"{where(entry)}: the opening of the choice is not canonical {{choice, salt}}"
        )
        return None
    if sha256(opening) != ballot.get("choice_commitment"):
        report.problems.append(
            f"{where(entry)}: the choice {data['choice']} does not match the commitment the "
            "ballot carries"
        )
        return None
    if data["choice"] not in manifest["options"]:
        report.problems.append(
            f"{where(entry)}: the choice {data['choice']} is not an option of this vote"
        )
        return None
    return data["choice"]


def check_voter_signature(entry: dict, ballot: dict, replay: Replay, report: Report) -> bool:
    """A format-2 ballot: signed by one of its organization's keys in the manifest, or not."""
    manifest = replay.manifest
    row = next((r for r in manifest["eligible"] if r["org"] == ballot["org"]), {})
    keys = {k["key_id"]: k["public_key"] for k in row.get("keys", [])}
    if "voter_signature" not in ballot:
        if manifest.get("require_voter_signatures"):
            report.problems.append(
                f"{where(entry)}: a ballot for {ballot['org']} not signed by the organization, in "
                "a "
                "vote that requires voter signatures (the instance alone could have added it)"
            )
        elif keys:
            report.warnings.append(
                f"{where(entry)}: the ballot for {ballot['org']} is attested by the instance only, "
                "although the manifest lists keys of that organization"
            )
        return False
    public = keys.get(ballot.get("key_id"))
    statement = ballot_statement(replay.fingerprint, ballot).encode()
    if public is None:
        report.problems.append(
            f"{where(entry)}: signed with key {ballot.get('key_id')}, which the manifest does not "
            f"list for {ballot['org']}"
        )
    elif not signature_ok(public, statement, str(ballot.get("voter_signature"))):
        report.problems.append(
            f"{where(entry)}: the signature of {ballot['org']} (key {ballot.get('key_id')}) is "
            "not valid for this ballot"
        )
    signed, cast = parse_time(ballot.get("time")), parse_time(ballot.get("cast_at"))
    if signed is None or cast is None or not cast - SIGNED_BEFORE <= signed <= cast + SIGNED_AFTER:
        report.problems.append(
            f"{where(entry)}: signed at {ballot.get('time')}, too far from its arrival at "
            f"{ballot.get('cast_at')}"
        )
    elif ballot.get("time", "") >= manifest["closes_at"]:
        report.problems.append(
            f"{where(entry)}: signed at {ballot['time']}, after the scheduled close"
        )
    earlier = [b for b in replay.ballots if b.org == ballot["org"] and b.signed]
    if earlier and ballot.get("time", "") <= earlier[-1].payload.get("time", ""):
        report.problems.append(
            f"{where(entry)}: signed before the organization's previous signed ballot (an old "
            "ballot replayed)"
        )
    return True


def check_ballot(entry: dict, ballot: dict | None, replay: Replay, report: Report) -> None:
    """One ballot: its fields, organization, window, nonce, signature and choice. A ballot
    that fails is named and not counted."""
    manifest, at = replay.manifest, where(entry)
    if ballot is None:
        replay.ballots.append(Ballot(entry, {}, "", None, False))
        return
    version2 = manifest.get("format") == "caucus-vote/2"
    signed_fields = {"choice_commitment", "key_id", "time", "voter_signature"}
    allowed = {"org", "cast_at", "nonce"} | (signed_fields if version2 else {"choice"})
    before = len(report.problems)
    if set(ballot) - allowed or {"org", "cast_at", "nonce"} - set(ballot):
        report.problems.append(f"{at}: the ballot's fields are not those of its format")
    cast_at = ballot.get("cast_at", "")
    if ballot.get("org") not in {row["org"] for row in manifest["eligible"]}:
        report.problems.append(f"{at}: a ballot for {ballot.get('org')}, which is not eligible")
        return
    if not isinstance(cast_at, str) or cast_at < manifest["opens_at"]:
        report.problems.append(f"{at}: cast before the vote opened ({cast_at})")
    elif cast_at >= manifest["closes_at"]:
        report.problems.append(
            f"{at}: cast at {cast_at}, after the scheduled close at {manifest['closes_at']}"
        )
    if any(b.payload.get("nonce") == ballot.get("nonce") for b in replay.ballots):
        report.problems.append(f"{at}: its nonce was already used by an earlier ballot (replayed)")
    if version2:
        signed = check_voter_signature(entry, ballot, replay, report)
        choice = _opening_choice(entry, ballot, manifest, report)
    else:
        signed, choice = False, ballot.get("choice")
        if choice not in manifest["options"]:
            report.problems.append(f"{at}: the choice {choice} is not an option of this vote")
    if len(report.problems) == before:
        replay.ballots.append(Ballot(entry, ballot, ballot["org"], choice, signed))


def check_close(entry: dict, payload: dict, replay: Replay, report: Report) -> None:
    """The close names the manifest's scheduled close and ran at or after it, after every ballot."""
    manifest, at = replay.manifest, where(entry)
    if payload.get("closes_at") != manifest["closes_at"]:
        report.problems.append(
            f"{at}: names the scheduled close {payload.get('closes_at')}, not the manifest's "
            f"{manifest['closes_at']}"
        )
    closed_at = payload.get("closed_at")
    if closed_at is None and manifest.get("format") == "caucus-vote/1":
        return  # the first ledgers did not record when the close ran
    casts = [b.payload.get("cast_at", "") for b in replay.ballots if b.payload]
    if not isinstance(closed_at, str) or (casts and closed_at < max(casts)):
        last = max(casts) if casts else "?"
        report.problems.append(
            f"{at}: ran at {closed_at}, before a ballot it follows (cast at {last})"
        )
    elif closed_at < manifest["closes_at"]:
        report.problems.append(
            f"{at}: ran at {closed_at}, before the scheduled close at {manifest['closes_at']} (an "
            "early close)"
        )
    else:
        report.checked.append(
            f"close: ran at {closed_at}, not before the scheduled close {manifest['closes_at']}"
        )


def replay_chain(entries: list, manifest: dict, fingerprint: str, report: Report) -> Replay:
    """The order of kinds, each ballot, the close and the result."""
    replay = Replay(manifest, fingerprint)
    for entry in entries[1:]:
        at, payload = where(entry), None
        if entry.get("payload") is not None:
            try:
                payload = strict_json(entry["payload"])
            except (TypeError, ValueError):
                report.problems.append(f"{at}: the payload is not JSON")
                continue
            if not isinstance(payload, dict) or canonical(payload) != entry["payload"]:
                report.problems.append(f"{at}: the payload is not in canonical form")
                continue
        kind = entry.get("kind")
        if replay.result is not None:
            report.problems.append(f"{at}: an entry after the result")
        elif kind == "ballot":
            if replay.close is not None:
                report.problems.append(f"{at}: a ballot after the vote closed")
            else:
                check_ballot(entry, payload, replay, report)
        elif kind == "close" and replay.close is None and payload is not None:
            replay.close = payload
            check_close(entry, payload, replay, report)
        elif kind == "result" and replay.close is not None and payload is not None:
            replay.result, replay.result_height = payload, entry.get("height")
        else:
            report.problems.append(f"{at}: an entry of this kind cannot come here")
    if replay.close is not None and replay.result is None:
        report.problems.append("the ledger has a closing entry but no result after it")
    return replay


# --- The result -------------------------------------------------------------------------------


def last_ballots(replay: Replay) -> dict[str, Ballot]:
    last: dict[str, Ballot] = {}
    for ballot in replay.ballots:
        if ballot.org:
            last[ballot.org] = ballot
    return last


def check_stated_counts(
    stated: dict, last: dict[str, Ballot], manifest: dict, report: Report
) -> None:
    """What can be checked without the choices: who took part, weights, quorum, the rules."""
    weights = {row["org"]: row["weight"] for row in manifest["eligible"]}
    counts = stated.get("counts") or {}
    expected = {
        "eligible": len(weights),
        "eligible_weight": sum(weights.values()),
        "participating": len(last),
        "quorum_met": 100 * len(last) >= manifest["quorum_percent"] * len(weights),
    }
    for key, value in expected.items():
        if stated.get(key) != value:
            report.problems.append(
                f"result entry: {key} is {stated.get(key)} but the ballots give {value}"
            )
    if set(counts) != set(CHOICES) or sum(counts.values()) != sum(weights[o] for o in last):
        report.problems.append(
            "result entry: the counts do not add up to the weight of the organizations that voted"
        )
        return
    rules, outcome = rules_and_outcome(manifest, counts, expected["quorum_met"])
    if stated.get("rules") != rules or stated.get("outcome") != outcome:
        report.problems.append(
            f"result entry: the counts it states give {outcome}, not {stated.get('outcome')}"
        )


def check_result(replay: Replay, report: Report) -> None:
    """Recount the last ballot of each organization against the signed result."""
    stated, manifest = replay.result, replay.manifest
    if stated is None:
        return
    last = last_ballots(replay)
    sealed = len([b for b in replay.ballots if b.choice is None])
    if any(not b.org for b in replay.ballots):
        report.warnings.append(
            f"{sealed} ballots are sealed in this download: who voted and the counts are taken "
            "from the result"
        )
    elif any(b.choice is None for b in last.values()):
        report.warnings.append(
            f"{sealed} ballot choices are sealed (a totals-only vote): participation, weights, "
            "quorum, rules and signatures were checked, the counts themselves cannot be"
        )
        check_stated_counts(stated, last, manifest, report)
    else:
        report.recount = tally(manifest, {org: b.choice for org, b in last.items()})
        for key, value in report.recount.items():
            if stated.get(key) != value:
                report.problems.append(
                    f"result entry at height {replay.result_height}: {key} is {stated.get(key)} "
                    f"but the recount of the last ballots gives {value}"
                )
        expected = (
            dict(sorted((o, b.choice) for o, b in last.items()))
            if manifest.get("recorded", True)
            else None
        )
        if stated.get("ballots") != expected:
            report.problems.append(
                "the signed result's list of ballots differs from the last ballot of each "
                "organization"
            )
        else:
            report.checked.append(
                f"result: recounted from {len(last)} last ballots: {stated.get('outcome')}"
            )
    if all(b.org for b in replay.ballots):
        check_result_v2(stated, last, manifest, report)
    check_resolution(stated, manifest, report)


def check_result_v2(stated: dict, last: dict[str, Ballot], manifest: dict, report: Report) -> None:
    if manifest.get("format") != "caucus-vote/2":
        return
    participants = sorted(last)
    if stated.get("participants") != participants:
        report.problems.append(
            "result entry: its list of organizations that voted is not the ballots'"
        )
    signed = sum(1 for b in last.values() if b.signed)
    attestation = {"voter_signed": signed, "instance_attested": len(last) - signed}
    if stated.get("attestation") != attestation:
        report.problems.append(
            f"result entry: attestation is {stated.get('attestation')} but the ballots give "
            f"{attestation}"
        )
    else:
        report.checked.append(
            f"ballots counted: {signed} signed by their organization, {len(last) - signed} "
            "attested by the instance only"
        )


def check_resolution(stated: dict, manifest: dict, report: Report) -> None:
    resolution = stated.get("resolution")
    if stated.get("outcome") == "adopted":
        year = manifest["closes_at"][:4]
        if not isinstance(resolution, str) or not re.fullmatch(year + r"/[1-9][0-9]*", resolution):
            report.problems.append(
                f"result entry: an adopted motion numbered {resolution!r}, not a resolution of "
                f"{year}"
            )
    elif resolution is not None:
        report.problems.append(
            f"result entry: a rejected motion with the resolution number {resolution}"
        )


# --- Witnesses: heads and receipts you kept ---------------------------------------------------


def check_heads(entries: list, heads: list[tuple[int | None, str]], report: Report) -> None:
    by_hash = {e.get("entry_hash"): e.get("height") for e in entries}
    for height, head in heads:
        if head not in by_hash or (height is not None and by_hash[head] != height):
            at = f" (height {height})" if height is not None else ""
            report.problems.append(
                f"the head {head[:16]}{at} you saved earlier is not in the chain: entries were "
                "removed or rewritten"
            )
    if heads:
        report.checked.append(f"heads: {len(heads)} saved earlier checked against the chain")


def check_receipt(
    entries: list, data: dict, signers: set[str], receipt: dict, name: str, report: Report
) -> None:
    """A receipt is a ballot's entry as the instance signed it: it must still be in the chain.

    It is evidence about this ledger only when signed by a key in `signers`: the key this
    vote's manifest names, or one you trust (--key, or linked to it by signed rotations).
    Anyone can make a key and sign a receipt with it; such a receipt is refused, and the ledger
    is not blamed.
    """
    if not isinstance(receipt, dict):
        report.refused.append(f"receipt {name}: not a receipt (a JSON object)")
        return
    height, digest = receipt.get("height"), str(receipt.get("entry_hash"))
    key = str(receipt.get("public_key") or "")
    own = entry_hash(
        height, receipt.get("parent_hash"), "ballot", sha256(receipt.get("payload") or "")
    )
    if own != digest or not signature_ok(key, digest.encode(), str(receipt.get("signature"))):
        report.refused.append(
            f"receipt {name}: its entry hash or signature does not verify: not a genuine "
            "receipt, and no evidence about this ledger"
        )
        return
    if key not in signers:
        report.refused.append(
            f"receipt {name}: not signed by this instance: its key {key[:16]} is neither the key "
            "this vote's manifest names nor one you trust (--key), so it proves nothing about "
            "this ledger. If the instance gave you this receipt, compare its key with the key "
            "on the coalition's page: the ledger's key may have been substituted"
        )
        return
    if receipt.get("vote") != data.get("vote"):
        report.refused.append(
            f"receipt {name}: for vote {receipt.get('vote')}, not vote {data.get('vote')}"
        )
        return
    if receipt.get("fingerprint") != data.get("fingerprint"):
        report.problems.append(
            f"receipt {name}: for another vote or another manifest than this ledger's (the "
            "instance accepted this ballot under manifest "
            f"{str(receipt.get('fingerprint'))[:16]}): the manifest was replaced"
        )
        return
    found = next((e for e in entries if e.get("height") == height), None)
    if found is None or found.get("entry_hash") != digest:
        report.problems.append(
            f"receipt {name}: the ballot the instance accepted at height {height} (entry "
            f"{digest[:16]}) "
            "is not in the chain; the receipt, signed by the instance, proves it was removed or "
            "replaced"
        )
    else:
        report.checked.append(f"receipt {name}: the ballot at height {height} is in the chain")


# --- The whole ---------------------------------------------------------------------------------


# What each field of an entry is, as the server writes it: anything else is a ledger the
# server did not write, said so by field, before any check reads it.
TEXT = (str,)
ENTRY_FIELDS = {
    "height": (int,),
    "parent_hash": TEXT,
    "kind": TEXT,
    "payload": (str, type(None)),
    "payload_hash": TEXT,
    "entry_hash": TEXT,
    "signature": TEXT,
    "opening": (str, dict, type(None)),
}


def shape_problems(entries: list) -> list[str]:
    problems = []
    for index, entry in enumerate(entries):
        for name, types in ENTRY_FIELDS.items():
            value = entry.get(name, "" if name not in ("payload", "opening") else None)
            if not isinstance(value, types) or (name == "height" and isinstance(value, bool)):
                problems.append(
                    f"entry number {index}: its {name} is not what a ledger holds there "
                    f"({type(value).__name__})"
                )
    return problems


def verify(data: dict, *, trusted=(), heads=(), receipts=()) -> Report:
    """Check a downloaded ledger (the dictionary of ledger.json) and say what is wrong.

    1. format and manifest: the opening entry's payload hash is the fingerprint;
    2. the instance key: named by the manifest, valid when it was made, the one you trust;
    3. links: heights, parents, payload and entry hashes, instance signatures;
    4. ballots: eligible, inside the window, signed by a listed key of their organization (or
       attested by the instance only), commitments opened, no nonce used twice;
    5. the close: the scheduled one, run at or after it; the result: recounted, with its list
       of ballots, participants, attestation and resolution number;
    6. heads and receipts kept by members: still in the chain (a receipt counts only when
       signed by this vote's instance key or one you trust; others are refused).
    """
    entries = data.get("entries") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return Report(problems=["the ledger's entries are not a list of entries (JSON objects)"])
    if misshapen := shape_problems(entries):
        return Report(entries=len(entries), problems=misshapen)
    report = Report(entries=len(entries), head=entries[-1].get("entry_hash", "") if entries else "")
    if data.get("format") not in ("caucus-ledger/1", "caucus-ledger/2") or not entries:
        report.problems.append(
            f"not a Caucus ledger this verifier knows (format {data.get('format')!r})"
        )
        return report
    opening = entries[0]
    try:
        manifest = strict_json(opening.get("payload") or "")
    except ValueError:
        manifest = None
    if (
        opening.get("kind") != "open"
        or not isinstance(manifest, dict)
        or "eligible" not in manifest
    ):
        report.problems.append("the first entry is not the opening manifest")
        return report
    fingerprint = opening.get("payload_hash", "")
    if fingerprint != data.get("fingerprint"):
        report.problems.append(
            "the opening entry does not match the vote's fingerprint "
            f"{str(data.get('fingerprint'))[:16]}"
        )
    if data.get("head") != report.head:
        report.problems.append("the file's head is not the hash of its last entry")
    check_instance_key(data, manifest, list(trusted), report)
    check_links(entries, manifest.get("public_key", ""), report)
    replay = replay_chain(entries, manifest, fingerprint, report)
    check_result(replay, report)
    check_heads(entries, list(heads), report)
    signers = {manifest.get("public_key", "")} | linked_keys(set(trusted), data.get("keys") or [])
    for name, receipt in receipts:
        check_receipt(entries, data, signers, receipt, name, report)
    return report


def _notes(data) -> list[dict]:
    """Every object in saved ActivityPub JSON (a Note, a Create activity, an outbox page, or a
    list of them) that carries properties (its "attachment" of PropertyValue)."""
    if isinstance(data, list):
        return [note for item in data for note in _notes(item)]
    if not isinstance(data, dict):
        return []
    found = [data] if isinstance(data.get("attachment"), list) else []
    for key in ("object", "orderedItems", "items"):
        found += _notes(data.get(key))
    return found


def _heads_from_notes(data, vote) -> list[tuple[int | None, str]]:
    """The ledger heads of `vote` in saved federation Notes (properties Vote, Height, Head)."""
    heads = set()
    for note in _notes(data):
        names = {
            p.get("name"): str(p.get("value"))
            for p in note["attachment"]
            if isinstance(p, dict) and p.get("type") == "PropertyValue"
        }
        head, height = names.get("Head", ""), names.get("Height", "")
        if names.get("Vote") == str(vote) and HEX64.match(head) and height.isdigit():
            heads.add((int(height), head))
    return sorted(heads)


def read_heads(text: str, vote) -> list[tuple[int | None, str]]:
    """Heads from a file: lines "HEAD" or "HEIGHT HEAD", a saved Atom feed of ledger heads, or
    saved federation Notes of the coalition (JSON); of this vote only."""
    if text.lstrip()[:1] in ("{", "["):
        return _heads_from_notes(strict_json(text), vote)
    if text.lstrip().startswith("<"):
        found = re.findall(r"vote-(\d+)-[a-z]+-(?:(\d+)-)?([0-9a-f]{64})", text)
        return sorted(
            {(int(h) if h else None, head) for v, h, head in found if str(v) == str(vote)},
            key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1]),
        )
    heads = []
    for line in text.splitlines():
        parts = line.split("#")[0].split()
        if len(parts) == 1 and HEX64.match(parts[0]):
            heads.append((None, parts[0]))
        elif len(parts) == 2 and parts[0].isdigit() and HEX64.match(parts[1]):
            heads.append((int(parts[0]), parts[1]))
    return heads


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger", help="the ledger.json downloaded from the vote's ledger page")
    parser.add_argument(
        "--key", action="append", default=[], help="an instance public key you trust (hex)"
    )
    parser.add_argument("--head", action="append", default=[], help="a head hash you saved earlier")
    parser.add_argument(
        "--heads",
        action="append",
        default=[],
        help="a file of heads: lines, a saved Atom feed, or saved federation Notes (JSON)",
    )
    parser.add_argument(
        "--receipt", action="append", default=[], help="a receipt you downloaded after voting"
    )
    args = parser.parse_args(argv)
    try:
        with open(args.ledger, encoding="utf-8") as handle:
            data = strict_json(handle.read())
        if not isinstance(data, dict):
            raise ValueError(f"{args.ledger} is not a ledger (a JSON object)")
        heads = [(None, h.strip().lower()) for h in args.head]
        for path in args.heads:
            with open(path, encoding="utf-8") as handle:
                heads += read_heads(handle.read(), data.get("vote"))
        receipts = []
        for path in args.receipt:
            with open(path, encoding="utf-8") as handle:
                receipts.append((path, strict_json(handle.read())))
    except (OSError, ValueError) as exc:
        print(f"FAIL cannot read the input: {exc}")
        return 2
    try:
        report = verify(
            data, trusted=[k.strip().lower() for k in args.key], heads=heads, receipts=receipts
        )
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
        # A shape no check foresaw (deep inside the manifest, a receipt): not a ledger the
        # server wrote, whatever else it is. Said in one line, never a traceback.
        print(f"FAIL    the ledger is malformed where it was read: {type(exc).__name__}: {exc}")
        print("RESULT: FAIL (1 problem)")
        return 1
    print(
        f"Vote {data.get('vote')}, {data.get('format')}, {report.entries} entries, head "
        f"{report.head}"
    )
    for line in report.checked:
        print(f"  ok    {line}")
    for line in report.warnings:
        print(f"  note  {line}")
    for line in report.problems:
        print(f"FAIL    {line}")
    for line in report.refused:
        print(f"REFUSED {line}")
    if not report.ok:
        print(f"RESULT: FAIL ({len(report.problems)} problems)")
        return 1
    if report.refused:
        print(
            f"RESULT: OK, but {len(report.refused)} of your receipts refused (no evidence "
            "about this ledger either way)"
        )
        return 2
    print("RESULT: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
