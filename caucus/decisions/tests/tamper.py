"""An attacker holding the database and the instance's signing key, for the tamper tests.

It signs with the key directly, as someone who copied `var/ledger_signing_key` would, never
through caucus/decisions/signer.py (which refuses a second entry at a signed height), and it
can cover its tracks in the tables the server compares against.
"""

import json
from collections.abc import Callable

from caucus.decisions import keys, ledger, offline
from caucus.decisions.models import HeadPost, LedgerEntry, Motion, SignedHeight, Vote


def _sign(digest: str, key=None) -> str:
    return (key or keys.private_key()).sign(digest.encode()).hex()


def forge(vote: Vote, height: int, parent: str, kind: str, payload: dict, *, key=None) -> dict:
    """The fields of an entry at `height` of `vote`, signed with the instance key."""
    text = ledger.canonical(payload)
    digest = ledger.entry_hash(
        height=height, parent_hash=parent, kind=kind, payload_hash=ledger.sha256(text)
    )
    return {
        "payload": text,
        "payload_hash": ledger.sha256(text),
        "entry_hash": digest,
        "signature": _sign(digest, key),
    }


def relink(entries: list[dict], *, key=None, start: int = 0) -> None:
    """Renumber, rehash and re-sign exported entries from `start` on (payloads as they are)."""
    parent = ledger.GENESIS if start == 0 else entries[start - 1]["entry_hash"]
    for height, entry in enumerate(entries[start:], start=start):
        entry["height"] = height
        entry["parent_hash"] = parent
        if entry["payload"] is not None:
            entry["payload_hash"] = ledger.sha256(entry["payload"])
        entry["entry_hash"] = ledger.entry_hash(
            height=height,
            parent_hash=parent,
            kind=entry["kind"],
            payload_hash=entry["payload_hash"],
        )
        entry["signature"] = _sign(entry["entry_hash"], key)
        parent = entry["entry_hash"]


def rewrite_export(data: dict, mutate: Callable[[list[dict]], int], *, key=None) -> dict:
    """A downloaded ledger changed by `mutate` (which returns the first height it touched),
    then re-chained and re-signed from there: every instance signature stays valid."""
    data = json.loads(json.dumps(data))
    start = mutate(data["entries"])
    relink(data["entries"], key=key, start=start)
    data["fingerprint"] = data["entries"][0]["payload_hash"]
    data["head"] = data["entries"][-1]["entry_hash"]
    return data


def payload_edit(entry: dict, **changes) -> None:
    payload = json.loads(entry["payload"])
    payload.update(changes)
    entry["payload"] = ledger.canonical({k: v for k, v in payload.items() if v is not None})


def rewrite_vote(vote: Vote, mutate: Callable[[list[dict]], int], *, key=None) -> None:
    """The same in the database: rows, head, fingerprint, posted heads and the record of
    signed heights all follow, so only what members kept outside can tell."""
    rows = list(vote.entries.order_by("height"))
    data = {
        "entries": [
            {
                "height": r.height,
                "parent_hash": r.parent_hash,
                "kind": r.kind,
                "payload": r.payload,
                "opening": r.opening,
                "payload_hash": r.payload_hash,
                "entry_hash": r.entry_hash,
                "signature": r.signature,
            }
            for r in rows
        ]
    }
    new = rewrite_export(data, mutate, key=key)["entries"]
    LedgerEntry.objects.filter(vote=vote).delete()
    SignedHeight.objects.filter(vote=vote).delete()
    for entry in new:
        LedgerEntry.objects.create(vote=vote, **entry)
        SignedHeight.objects.create(
            vote=vote, height=entry["height"], entry_hash=entry["entry_hash"], key_id="forged"
        )
    by_height = {e["height"]: e["entry_hash"] for e in new}
    HeadPost.objects.filter(vote=vote, height__gte=len(new)).delete()
    for post in HeadPost.objects.filter(vote=vote):
        HeadPost.objects.filter(pk=post.pk).update(head_hash=by_height[post.height])
    result = json.loads(new[-1]["payload"]) if new[-1]["kind"] == "result" else None
    Vote.objects.filter(pk=vote.pk).update(
        head_hash=new[-1]["entry_hash"], fingerprint=new[0]["payload_hash"], result=result
    )
    if result is not None:
        year, _, number = (result["resolution"] or "/").partition("/")
        Motion.objects.filter(pk=vote.motion_id).update(
            state=result["outcome"],
            resolution_year=int(year) if year else None,
            resolution_number=int(number) if number else None,
        )
    vote.refresh_from_db()
    vote._manifest = None


def restate_result(entries: list[dict]) -> None:
    """Re-state the result entry from the ballots as they now are, as an attacker covering
    their tracks would: counts, lists, attestation, outcome and resolution number."""
    manifest = json.loads(entries[0]["payload"])
    last: dict[str, tuple[dict, str]] = {}
    for entry in entries:
        if entry["kind"] == "ballot":
            payload = json.loads(entry["payload"])
            opening = json.loads(entry["opening"]) if entry.get("opening") else payload
            last[payload["org"]] = (payload, opening["choice"])
    result = offline.tool().tally(manifest, {org: choice for org, (_p, choice) in last.items()})
    if manifest["format"] == "caucus-vote/2":
        signed = sum(1 for payload, _c in last.values() if "voter_signature" in payload)
        result["participants"] = sorted(last)
        result["attestation"] = {"voter_signed": signed, "instance_attested": len(last) - signed}
    if manifest["recorded"]:
        result["ballots"] = {org: last[org][1] for org in sorted(last)}
    adopted = result["outcome"] == "adopted"
    result["resolution"] = f"{manifest['closes_at'][:4]}/1" if adopted else None
    entries[-1]["payload"] = ledger.canonical(result)
