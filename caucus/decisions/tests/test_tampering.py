"""Tampering by someone holding the database AND the instance's signing key (issue "Verifiable
ballots", Tests): each attack, re-signed with the instance key so every instance signature
stays valid, against the three checks members have: the offline verifier on the downloaded
JSON alone, `manage.py verify_ledger` on the server, and the receipt a delegate kept.

Where an attack goes unnoticed under some setting, a test says so: that is the honest limit
written in docs/ledger-format.md, section 9.
"""

import json
import tempfile
from io import StringIO
from unittest import mock

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from caucus.decisions import keys, ledger, offline
from caucus.decisions.disclosure import export, own_receipt, receipt
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests import tamper
from caucus.decisions.tests.helpers import ballot_key, cast_signed, expire, open_vote
from caucus.test import BaseTestCase


def ballot_at(entries: list[dict], org: str) -> int:
    return next(
        i
        for i, e in enumerate(entries)
        if e["kind"] == "ballot" and json.loads(e["payload"])["org"] == org
    )


# --- The attacks, each on the entries of a closed vote; each returns the first height touched.


def change_choice(entries: list[dict]) -> int:
    """Alpha's "for" becomes "against": new opening and commitment, result re-stated."""
    at = ballot_at(entries, "alpha")
    opening = ledger.opening("against", json.loads(entries[at]["opening"])["salt"])
    entries[at]["opening"] = opening
    tamper.payload_edit(entries[at], choice_commitment=ledger.sha256(opening))
    tamper.restate_result(entries)
    return at


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
    tamper.restate_result(entries)
    return at


def reverse_result(entries: list[dict]) -> int:
    result = json.loads(entries[-1]["payload"])
    result.update(outcome="rejected", resolution=None)
    entries[-1]["payload"] = ledger.canonical(result)
    return len(entries) - 1


def close_early(entries: list[dict]) -> int:
    at = next(i for i, e in enumerate(entries) if e["kind"] == "close")
    manifest = json.loads(entries[0]["payload"])
    last_cast = json.loads(entries[at - 1]["payload"])["cast_at"]
    assert last_cast < manifest["closes_at"]
    tamper.payload_edit(entries[at], closed_at=last_cast)
    return at


class Attack:
    """Alpha votes "for" (and keeps the receipt), gamma does not vote; the vote closes; the
    member downloads the ledger. `signed`: alpha signs with its key; `require`: the vote
    requires voter signatures."""

    signed = True
    require = False
    gamma_has_a_key = True

    def setUp(self):
        self.alpha_key = ballot_key(self.alpha, self.delegate)
        if self.gamma_has_a_key:
            ballot_key(self.gamma, self.gamma_admin)
        self.vote = open_vote(self, require=self.require)
        if self.signed:
            entry = cast_signed(self.vote, self.alpha, self.delegate, "for", self.alpha_key)
        else:
            entry = ballots.ballot_cast(
                vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
            )
        self.head_saved = entry.entry_hash
        self.kept = receipt(self.vote, own_receipt(self.vote, entry.entry_hash, [self.alpha]))
        expire(self.vote)
        self.assertTrue(votes.close_if_due(self.vote))
        self.download = export(self.vote, [self.alpha])
        self.assertTrue(offline.tool().verify(self.download, trusted=[keys.public_key_hex()]).ok)

    # The three checks.

    def offline(self, attack, *, key=None, **witnesses):
        data = tamper.rewrite_export(self.download, attack, key=key)
        return offline.tool().verify(data, trusted=[keys.public_key_hex()], **witnesses)

    def with_receipt(self, attack, **kw):
        return self.offline(attack, receipts=[("receipt.json", self.kept)], **kw)

    def verify_ledger(self, attack, *args: str, key=None) -> str:
        """'' when verify_ledger says OK after the attack on the database, else its output."""
        tamper.rewrite_vote(self.vote, attack, key=key)
        err = StringIO()
        try:
            call_command("verify_ledger", str(self.vote.pk), *args, stdout=StringIO(), stderr=err)
        except CommandError:
            return err.getvalue() or "FAIL"
        return ""

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
        with tempfile.NamedTemporaryFile("w", suffix=".json") as kept:
            json.dump(self.kept, kept)
            kept.flush()
            self.assertIn(
                "is not in the chain", self.verify_ledger(remove_alpha, "--receipt", kept.name)
            )

    def test_a_reversed_result_fails_the_recount(self):
        self.assertCaught(self.offline(reverse_result), "the recount of the last ballots")
        self.assertIn("the recount of the last ballots", self.verify_ledger(reverse_result))

    def test_an_early_close_is_named(self):
        self.assertCaught(self.offline(close_early), "(an early close)")
        self.assertIn("(an early close)", self.verify_ledger(close_early))

    def test_a_substituted_instance_key_is_caught_three_ways(self):
        other = Ed25519PrivateKey.generate()
        other_public = keys.public_hex(other)

        def substitute(entries):
            manifest = json.loads(entries[0]["payload"])
            manifest.update(public_key=other_public, key_id=keys.key_id(other_public))
            entries[0]["payload"] = ledger.canonical(manifest)
            return 0

        def forged_download():
            data = tamper.rewrite_export(self.download, substitute, key=other)
            data["public_key"], data["key_id"] = other_public, keys.key_id(other_public)
            forged_key = {**data["keys"][0], "public_key": other_public}
            data["keys"] = [{**forged_key, "key_id": keys.key_id(other_public)}]
            return data

        data = forged_download()
        pinned = offline.tool().verify(data, trusted=[keys.public_key_hex()])
        self.assertCaught(pinned, "a different key was substituted")
        self.assertCaught(pinned, "the signature of alpha")  # signed for the old fingerprint
        kept = offline.tool().verify(data, trusted=[other_public], receipts=[("r", self.kept)])
        self.assertCaught(kept, "receipt r: for another vote or another manifest")
        with mock.patch.object(keys, "public_key_hex", return_value=other_public):
            self.assertIn("the signature of alpha", self.verify_ledger(substitute, key=other))

    def test_a_head_saved_earlier_must_still_be_there(self):
        report = self.offline(change_choice, heads=[(None, self.head_saved)])
        self.assertCaught(report, f"the head {self.head_saved[:16]} you saved earlier")
        output = self.verify_ledger(change_choice, "--head", self.head_saved)
        self.assertIn("you saved earlier is not in the chain", output)


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


class OrganizationWithoutKeysTestCase(Attack, BaseTestCase):
    gamma_has_a_key = False

    def test_a_ballot_added_for_an_organization_without_keys_goes_unnoticed(self):
        report = self.offline(stuff_gamma)
        self.assertTrue(report.ok)
        self.assertFalse(any("gamma" in w for w in report.warnings))


class InstanceAttestedTestCase(Attack, BaseTestCase):
    signed = False

    def test_a_changed_choice_is_caught_only_by_the_receipt_or_a_saved_head(self):
        self.assertTrue(self.offline(change_choice).ok)
        self.assertCaught(self.with_receipt(change_choice), "is not in the chain")
        self.assertEqual(self.verify_ledger(change_choice), "")
