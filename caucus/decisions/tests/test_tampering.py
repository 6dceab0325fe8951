"""Tampering by someone holding the database AND the instance's signing key (issue "Verifiable
ballots", Tests): each attack, re-signed with the instance key so every instance signature
stays valid, against the three checks members have: the offline verifier on the downloaded
JSON alone, `manage.py verify_ledger` on the server, and the receipt a delegate kept.

Where an attack goes unnoticed under some setting, a test says so: that is the honest limit
written in docs/ledger-format.md, section 9, whose table names these tests.
"""

import json
import tempfile
from datetime import timedelta
from io import StringIO
from unittest import mock

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from caucus.decisions import keys, ledger, offline
from caucus.decisions.disclosure import export, own_receipt, receipt
from caucus.decisions.models import LedgerKey, parse_iso
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests import tamper
from caucus.decisions.tests.helpers import (
    ballot_key,
    cast_signed,
    expire,
    make_motion,
    open_vote,
)
from caucus.test import BaseTestCase


def ballot_at(entries: list[dict], org: str) -> int:
    return next(
        i
        for i, e in enumerate(entries)
        if e["kind"] == "ballot" and e["payload"] and json.loads(e["payload"])["org"] == org
    )


# --- The attacks, each on the entries of a vote; each returns the first height touched.


def change_choice(entries: list[dict], *, restate: bool = True) -> int:
    """Alpha's "for" becomes "against": new opening and commitment, result re-stated."""
    at = ballot_at(entries, "alpha")
    opening = ledger.opening("against", json.loads(entries[at]["opening"])["salt"])
    entries[at]["opening"] = opening
    tamper.payload_edit(entries[at], choice_commitment=ledger.sha256(opening))
    if restate:
        tamper.restate_result(entries)
    return at


def change_choice_while_open(entries: list[dict]) -> int:
    """The same in a vote still open: there is no result to re-state yet."""
    return change_choice(entries, restate=False)


def stuff_gamma(entries: list[dict]) -> int:
    """A ballot for gamma, which never voted, slipped in before the close."""
    at = ballot_at(entries, "alpha")
    opening = ledger.opening("for", "00" * 16)
    cast_at = json.loads(entries[at]["payload"])["cast_at"]
    payload = {"org": "gamma", "cast_at": cast_at, "choice_commitment": ledger.sha256(opening)}
    payload["nonce"] = "11" * 16
    stuffed = {"kind": "ballot", "payload": ledger.canonical(payload), "opening": opening}
    entries.insert(at + 1, {**stuffed, "payload_hash": "", "entry_hash": "", "signature": ""})
    tamper.restate_result(entries)
    return at + 1


def remove_alpha(entries: list[dict]) -> int:
    at = ballot_at(entries, "alpha")
    del entries[at]
    if entries[-1]["kind"] == "result":
        tamper.restate_result(entries)
    return at


def reverse_result(entries: list[dict]) -> int:
    result = json.loads(entries[-1]["payload"])
    result.update(outcome="rejected", resolution=None)
    entries[-1]["payload"] = ledger.canonical(result)
    return len(entries) - 1


def restate_result(**changes):
    """An attack changing fields of the result entry, the counts left as they are."""

    def attack(entries: list[dict]) -> int:
        result = json.loads(entries[-1]["payload"])
        result.update(changes)
        entries[-1]["payload"] = ledger.canonical(result)
        return len(entries) - 1

    return attack


def close_early(entries: list[dict]) -> int:
    at = next(i for i, e in enumerate(entries) if e["kind"] == "close")
    manifest = json.loads(entries[0]["payload"])
    last_cast = json.loads(entries[at - 1]["payload"])["cast_at"]
    assert last_cast < manifest["closes_at"]
    tamper.payload_edit(entries[at], closed_at=last_cast)
    return at


def substitute(public: str):
    """An attack naming another instance key in the manifest (every entry then re-signed)."""

    def attack(entries: list[dict]) -> int:
        manifest = json.loads(entries[0]["payload"])
        manifest.update(public_key=public, key_id=keys.key_id(public))
        entries[0]["payload"] = ledger.canonical(manifest)
        return 0

    return attack


def rotation_to(other: Ed25519PrivateKey, history: list[dict], valid_from: str) -> list[dict]:
    """The key history with a rotation from the instance key to `other`, signed by the
    instance key (which this attacker holds)."""
    public = keys.public_hex(other)
    new = {
        "key_id": keys.key_id(public),
        "public_key": public,
        "valid_from": valid_from,
        "valid_until": None,
        "previous": history[-1]["key_id"],
    }
    statement = offline.tool().rotation_statement(new).encode()
    new["rotation_signature"] = keys.private_key().sign(statement).hex()
    return [*history[:-1], {**history[-1], "valid_until": valid_from}, new]


class Attack:
    """Alpha votes "for" (and keeps the receipt), gamma does not vote; the vote closes (unless
    `close` is False); the member downloads the ledger. `signed`: alpha signs with its key;
    `require`: the vote requires voter signatures; `recorded`: False for totals only."""

    signed = True
    require = False
    gamma_has_a_key = True
    close = True
    recorded = True

    def setUp(self):
        self.alpha_key = ballot_key(self.alpha, self.delegate)
        if self.gamma_has_a_key:
            ballot_key(self.gamma, self.gamma_admin)
        self.vote = open_vote(self, require=self.require, recorded=self.recorded)
        if self.signed:
            entry = cast_signed(self.vote, self.alpha, self.delegate, "for", self.alpha_key)
        else:
            entry = ballots.ballot_cast(
                vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
            )
        self.head_saved = entry.entry_hash
        self.kept = receipt(self.vote, own_receipt(self.vote, entry.entry_hash, [self.alpha]))
        if self.close:
            expire(self.vote)
            self.assertTrue(votes.close_if_due(self.vote))
        self.download = export(self.vote, [self.alpha])
        self.assertTrue(offline.tool().verify(self.download, trusted=[keys.public_key_hex()]).ok)

    # The three checks.

    def offline(self, attack, *, key=None, download=None, trusted=None, **witnesses):
        data = tamper.rewrite_export(download or self.download, attack, key=key)
        trusted = [keys.public_key_hex()] if trusted is None else trusted
        return offline.tool().verify(data, trusted=trusted, **witnesses)

    def with_receipt(self, attack, **kw):
        return self.offline(attack, receipts=[("receipt.json", self.kept)], **kw)

    def command(self, *args: str) -> tuple[int, str, str]:
        """verify_ledger's exit status, output and errors."""
        out, err = StringIO(), StringIO()
        try:
            call_command("verify_ledger", str(self.vote.pk), *args, stdout=out, stderr=err)
        except CommandError as exc:
            return exc.returncode, out.getvalue(), err.getvalue() or str(exc)
        return 0, out.getvalue(), err.getvalue()

    def verify_ledger(self, attack, *args: str, key=None) -> str:
        """'' when verify_ledger says OK after the attack on the database, else its errors;
        its output (checks and notes) is left in self.notes."""
        tamper.rewrite_vote(self.vote, attack, key=key)
        status, self.notes, errors = self.command(*args)
        return (errors or "FAIL") if status else ""

    def saved(self, data) -> str:
        """A file holding `data` (a receipt) for the command's arguments."""
        handle = tempfile.NamedTemporaryFile("w", suffix=".json")  # noqa: SIM115 — closed by cleanup
        self.addCleanup(handle.close)
        json.dump(data, handle)
        handle.flush()
        return handle.name

    def assertCaught(self, report, text: str) -> None:
        self.assertFalse(report.ok)
        self.assertTrue(any(text in p for p in report.problems), report.problems)


class SignedBallotsTestCase(Attack, BaseTestCase):
    def test_a_changed_choice_breaks_the_organizations_signature(self):
        self.assertCaught(self.offline(change_choice), "the signature of alpha")
        self.assertCaught(self.with_receipt(change_choice), "receipt receipt.json")
        self.assertIn("the signature of alpha", self.verify_ledger(change_choice))

    def test_a_removed_ballot_is_caught_by_its_receipt(self):
        self.assertTrue(self.offline(remove_alpha).ok)  # the JSON alone cannot know
        self.assertCaught(self.with_receipt(remove_alpha), "is not in the chain")
        saved = [(None, self.head_saved)]
        self.assertCaught(self.offline(remove_alpha, heads=saved), "you saved earlier")
        output = self.verify_ledger(remove_alpha, "--receipt", self.saved(self.kept))
        self.assertIn("is not in the chain", output)
        status, _out, errors = self.command("--head", self.head_saved)
        self.assertEqual(status, 1)
        self.assertIn("you saved earlier is not in the chain", errors)

    def test_a_reversed_result_fails_the_recount(self):
        self.assertCaught(self.offline(reverse_result), "the recount of the last ballots")
        self.assertIn("the recount of the last ballots", self.verify_ledger(reverse_result))

    def test_an_early_close_is_named(self):
        self.assertCaught(self.offline(close_early), "(an early close)")
        self.assertIn("(an early close)", self.verify_ledger(close_early))

    def test_a_substituted_instance_key_is_caught_three_ways(self):
        other = Ed25519PrivateKey.generate()
        other_public = keys.public_hex(other)

        def forged_download():
            data = tamper.rewrite_export(self.download, substitute(other_public), key=other)
            data["public_key"], data["key_id"] = other_public, keys.key_id(other_public)
            forged_key = {**data["keys"][0], "public_key": other_public}
            data["keys"] = [{**forged_key, "key_id": keys.key_id(other_public)}]
            return data

        data = forged_download()
        pinned = offline.tool().verify(data, trusted=[keys.public_key_hex()])
        self.assertCaught(pinned, "a different key was substituted")
        self.assertCaught(pinned, "the signature of alpha")  # signed for the old fingerprint
        # The receipt, signed by the key alpha pinned, was issued under another manifest.
        kept = offline.tool().verify(
            data, trusted=[keys.public_key_hex()], receipts=[("r", self.kept)]
        )
        self.assertCaught(kept, "receipt r: for another vote or another manifest")
        # Trusting the key the forged ledger names, the receipt is not evidence; it is refused,
        # and says the ledger's key may have been substituted.
        misled = offline.tool().verify(data, trusted=[other_public], receipts=[("r", self.kept)])
        self.assertTrue(any("may have been substituted" in r for r in misled.refused))
        # The server's key history does not know the key; and even a server made to run with
        # it (its key file replaced) fails alpha's signature.
        output = self.verify_ledger(substitute(other_public), key=other)
        self.assertIn("the manifest's key is not in the instance's key history", output)
        with mock.patch.object(keys, "public_key_hex", return_value=other_public):
            self.assertIn("the signature of alpha", self.verify_ledger(substitute(other_public)))

    def test_a_head_saved_earlier_must_still_be_there(self):
        report = self.offline(change_choice, heads=[(None, self.head_saved)])
        self.assertCaught(report, f"the head {self.head_saved[:16]} you saved earlier")
        output = self.verify_ledger(change_choice, "--head", self.head_saved)
        self.assertIn("you saved earlier is not in the chain", output)


class ResultEntryTestCase(Attack, BaseTestCase):
    """Review case 15: the result entry re-stated with its counts unchanged."""

    def test_a_changed_list_of_ballots_is_named(self):
        attack = restate_result(ballots={"gamma": "for"})
        problem = "the signed result's list of ballots differs"
        self.assertCaught(self.offline(attack), problem)
        self.assertIn(problem, self.verify_ledger(attack))

    def test_a_changed_list_of_participants_is_named(self):
        attack = restate_result(participants=["alpha", "gamma"])
        problem = "its list of organizations that voted is not the ballots'"
        self.assertCaught(self.offline(attack), problem)
        self.assertIn(problem, self.verify_ledger(attack))

    def test_a_changed_attestation_is_named(self):
        attack = restate_result(attestation={"voter_signed": 0, "instance_attested": 1})
        problem = "result entry: attestation is"
        self.assertCaught(self.offline(attack), problem)
        self.assertIn(problem, self.verify_ledger(attack))

    def test_a_resolution_number_of_the_wrong_form_is_named(self):
        year = int(json.loads(self.download["entries"][0]["payload"])["closes_at"][:4])
        for number in (f"{year}/01", f"{year}/0", f"{year - 1}/1", f"{year}-1", 1, None):
            with self.subTest(number=number):
                report = self.offline(restate_result(resolution=number))
                self.assertCaught(report, "result entry: an adopted motion numbered")
        attack = restate_result(resolution=f"{year - 1}/1")
        self.assertIn("an adopted motion numbered", self.verify_ledger(attack))


class RequiredSignaturesTestCase(Attack, BaseTestCase):
    require = True

    def test_a_ballot_added_for_an_organization_that_never_voted_is_caught(self):
        self.assertCaught(
            self.offline(stuff_gamma), "a ballot for gamma not signed by the organization"
        )
        self.assertIn("not signed by the organization", self.verify_ledger(stuff_gamma))


class OptionalSignaturesTestCase(Attack, BaseTestCase):
    def test_a_ballot_added_for_an_organization_with_keys_is_pointed_out(self):
        report = self.offline(stuff_gamma)
        self.assertTrue(report.ok)  # not provably false: gamma could have voted unsigned
        self.assertTrue(
            any("ballot for gamma is attested by the instance only" in w for w in report.warnings)
        )
        self.assertIn(
            "ballots counted: 1 signed by their organization, 1 attested by the instance only",
            report.checked,
        )
        self.assertEqual(self.verify_ledger(stuff_gamma), "")  # OK, with the same note
        self.assertIn("note  entry at height 2 (ballot): the ballot for gamma is", self.notes)


class OrganizationWithoutKeysTestCase(Attack, BaseTestCase):
    gamma_has_a_key = False

    def test_a_ballot_added_for_an_organization_without_keys_goes_unnoticed(self):
        report = self.offline(stuff_gamma)
        self.assertTrue(report.ok)
        self.assertFalse(any("gamma" in w for w in report.warnings))
        self.assertEqual(self.verify_ledger(stuff_gamma), "")
        self.assertNotIn("gamma", self.notes)


class InstanceAttestedTestCase(Attack, BaseTestCase):
    signed = False

    def test_a_changed_choice_is_caught_only_by_the_receipt_or_a_saved_head(self):
        self.assertTrue(self.offline(change_choice).ok)
        self.assertCaught(self.with_receipt(change_choice), "is not in the chain")
        saved = [(None, self.head_saved)]
        self.assertCaught(self.offline(change_choice, heads=saved), "you saved earlier")
        self.assertEqual(self.verify_ledger(change_choice), "")
        status, _out, errors = self.command("--head", self.head_saved)
        self.assertEqual(status, 1)
        self.assertIn("you saved earlier is not in the chain", errors)

    def test_a_rotation_signed_with_the_instance_key_goes_unnoticed_without_a_receipt(self):
        """Holding the pinned key, an attacker signs a rotation to a key of their own, which
        --key then accepts; with no signed ballot and no receipt, nothing tells."""
        other = Ed25519PrivateKey.generate()
        created = json.loads(self.download["entries"][0]["payload"])["created_at"]
        data = tamper.rewrite_export(self.download, substitute(keys.public_hex(other)), key=other)
        data["public_key"] = keys.public_hex(other)
        data["keys"] = rotation_to(other, data["keys"], created)
        self.assertTrue(offline.tool().verify(data, trusted=[keys.public_key_hex()]).ok)
        kept = offline.tool().verify(
            data, trusted=[keys.public_key_hex()], receipts=[("r", self.kept)]
        )
        self.assertCaught(kept, "receipt r: for another vote or another manifest")


class KeyHistoryTestCase(Attack, BaseTestCase):
    """A substituted instance key against the key history (docs/ledger-format.md, 7 and 9)."""

    def setUp(self):
        super().setUp()
        self.other = Ed25519PrivateKey.generate()
        self.other_public = keys.public_hex(self.other)
        self.created = self.vote.manifest()["created_at"]

    def test_a_rotation_signed_with_the_pinned_key_passes_the_key_check_not_the_signatures(self):
        data = tamper.rewrite_export(self.download, substitute(self.other_public), key=self.other)
        data["public_key"] = self.other_public
        data["keys"] = rotation_to(self.other, data["keys"], self.created)
        report = offline.tool().verify(
            data, trusted=[keys.public_key_hex()], receipts=[("r", self.kept)]
        )
        self.assertFalse(any("a different key was substituted" in p for p in report.problems))
        self.assertIn(
            f"instance key {self.other_public[:16]} is the key you trust (--key) or signed by it",
            report.checked,
        )
        self.assertCaught(report, "the signature of alpha")
        self.assertCaught(report, "receipt r: for another vote or another manifest")

    def test_a_key_row_added_to_the_database_is_pointed_out(self):
        """verify_ledger trusts the recorded history, a table of the same database: a key
        added there without a signed rotation is noted; alpha's signature still fails."""
        LedgerKey.objects.create(
            key_id=keys.key_id(self.other_public),
            public_key=self.other_public,
            valid_from=parse_iso(self.created) - timedelta(minutes=1),
        )
        output = self.verify_ledger(substitute(self.other_public), key=self.other)
        self.assertNotIn("not in the instance's key history", output)
        self.assertIn("the signature of alpha", output)
        self.assertIn(
            f"the manifest's key {self.other_public[:16]} is in this server's recorded key "
            "history but not linked to the key in use by a signed rotation",
            self.notes,
        )

    def test_a_signed_rotation_added_to_the_database_leaves_only_the_voter_signature(self):
        genuine = LedgerKey.objects.get(public_key=keys.public_key_hex())
        statement = offline.tool().rotation_statement(
            {
                "key_id": keys.key_id(self.other_public),
                "public_key": self.other_public,
                "previous": genuine.key_id,
                "valid_from": self.created,
            }
        )
        LedgerKey.objects.create(
            key_id=keys.key_id(self.other_public),
            public_key=self.other_public,
            valid_from=parse_iso(self.created),
            previous=genuine,
            rotation_signature=keys.private_key().sign(statement.encode()).hex(),
        )
        output = self.verify_ledger(substitute(self.other_public), key=self.other)
        self.assertIn("the signature of alpha", output)
        self.assertNotIn("key history", output + self.notes)


class OpenVoteTestCase(Attack, BaseTestCase):
    """Review case 12: the attacks made while the vote is still open."""

    close = False

    def test_a_changed_choice_breaks_the_organizations_signature(self):
        attack = change_choice_while_open
        self.assertCaught(self.offline(attack), "the signature of alpha")
        self.assertCaught(self.with_receipt(attack), "is not in the chain")
        self.assertIn("the signature of alpha", self.verify_ledger(attack))
        # Gamma's download does not show alpha's ballot before the close: it cannot tell.
        sealed = export(self.vote, [self.gamma])
        self.assertTrue(offline.tool().verify(sealed, trusted=[keys.public_key_hex()]).ok)

    def test_a_removed_ballot_is_caught_by_its_receipt_or_a_saved_head(self):
        self.assertTrue(self.offline(remove_alpha).ok)
        self.assertCaught(self.with_receipt(remove_alpha), "is not in the chain")
        saved = [(None, self.head_saved)]
        self.assertCaught(self.offline(remove_alpha, heads=saved), "you saved earlier")
        output = self.verify_ledger(remove_alpha, "--receipt", self.saved(self.kept))
        self.assertIn("is not in the chain", output)


class OpenAttestedVoteTestCase(Attack, BaseTestCase):
    close = False
    signed = False

    def test_a_changed_choice_is_caught_only_by_the_receipt_or_a_saved_head(self):
        attack = change_choice_while_open
        self.assertTrue(self.offline(attack).ok)
        self.assertCaught(self.with_receipt(attack), "is not in the chain")
        self.assertCaught(self.offline(attack, heads=[(None, self.head_saved)]), "saved earlier")
        self.assertEqual(self.verify_ledger(attack), "")


class TotalsOnlyTestCase(Attack, BaseTestCase):
    """A totals-only vote: members other than alpha never see alpha's choice."""

    recorded = False

    def setUp(self):
        super().setUp()
        self.sealed = export(self.vote, [self.gamma])
        self.assertTrue(offline.tool().verify(self.sealed, trusted=[keys.public_key_hex()]).ok)

    def test_a_reversed_outcome_contradicts_the_stated_counts(self):
        report = self.offline(reverse_result, download=self.sealed)
        self.assertCaught(report, "result entry: the counts it states give adopted, not rejected")
        self.assertIn("the recount of the last ballots", self.verify_ledger(reverse_result))

    def test_counts_restated_with_the_outcome_are_caught_only_on_the_server(self):
        attack = restate_result(
            counts={"for": 0, "against": 1, "abstain": 0, "block": 0},
            rules={"simple": False},
            outcome="rejected",
            resolution=None,
        )
        report = self.offline(attack, download=self.sealed)
        self.assertTrue(report.ok)  # the counts are taken on trust, and the verifier says so
        self.assertTrue(any("the counts themselves cannot be" in w for w in report.warnings))
        self.assertTrue(self.with_receipt(attack, download=self.sealed).ok)  # the ballot is there
        self.assertIn("the recount of the last ballots", self.verify_ledger(attack))


class ForeignReceiptTestCase(Attack, BaseTestCase):
    """A receipt counts only when signed by the vote's instance key or one the member trusts
    (the audit's G1): anyone can make a key and sign a "receipt" for a ballot never cast."""

    def forged(self) -> dict:
        fresh = Ed25519PrivateKey.generate()
        payload = json.loads(self.kept["payload"])
        payload["nonce"] = "22" * 16
        text = ledger.canonical(payload)
        digest = ledger.entry_hash(
            height=self.kept["height"],
            parent_hash=self.kept["parent_hash"],
            kind="ballot",
            payload_hash=ledger.sha256(text),
        )
        return {
            **self.kept,
            "payload": text,
            "payload_hash": ledger.sha256(text),
            "entry_hash": digest,
            "signature": fresh.sign(digest.encode()).hex(),
            "public_key": keys.public_hex(fresh),
            "key_id": keys.key_id(keys.public_hex(fresh)),
        }

    def test_a_receipt_signed_with_another_key_is_refused_and_the_ledger_not_blamed(self):
        forged = self.forged()
        for trusted in ([keys.public_key_hex()], []):
            with self.subTest(trusted=trusted):
                report = offline.tool().verify(
                    self.download, trusted=trusted, receipts=[("forged.json", forged)]
                )
                self.assertEqual(report.problems, [])
                self.assertEqual(len(report.refused), 1)
                self.assertIn("receipt forged.json: not signed by this instance", report.refused[0])
        status, out, errors = self.command("--receipt", self.saved(forged))
        self.assertEqual(status, 2)
        self.assertIn("OK: ", out)
        self.assertIn("REFUSED: receipt", errors)
        self.assertIn("not signed by this instance", errors)
        self.assertNotIn("FAIL", errors)

    def test_a_receipt_of_another_vote_is_refused(self):
        other = open_vote(self, make_motion(self, "Another"))
        entry = cast_signed(other, self.alpha, self.delegate, "for", self.alpha_key)
        theirs = receipt(other, own_receipt(other, entry.entry_hash, [self.alpha]))
        report = offline.tool().verify(
            self.download, trusted=[keys.public_key_hex()], receipts=[("other.json", theirs)]
        )
        self.assertEqual(report.problems, [])
        self.assertEqual(
            report.refused, [f"receipt other.json: for vote {other.pk}, not vote {self.vote.pk}"]
        )

    def test_a_genuine_receipt_for_a_removed_ballot_still_blames_the_ledger(self):
        report = self.with_receipt(remove_alpha)
        self.assertCaught(report, "proves it was removed or replaced")
        self.assertEqual(report.refused, [])
