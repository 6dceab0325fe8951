"""The instance's side: one signing function that never signs two entries at one height, and
a key that rotates without invalidating past votes (issue "Verifiable ballots", 6)."""

import json
import os
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from caucus.decisions import keys, ledger, offline, rotation, signer
from caucus.decisions.disclosure import full_export, own_receipt, receipt
from caucus.decisions.models import HeadPost, LedgerEntry, LedgerKey, Motion, SignedHeight, Vote
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests.helpers import expire, make_motion, open_v1_vote, open_vote
from caucus.test import BaseTestCase


class SignerTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        self.entry = ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
        )

    def test_every_entry_is_recorded_once_with_the_key_that_signed_it(self):
        signed = SignedHeight.objects.filter(vote=self.vote).order_by("height")
        self.assertEqual(
            [(s.height, s.entry_hash) for s in signed],
            list(self.vote.entries.order_by("height").values_list("height", "entry_hash")),
        )
        self.assertEqual({s.key_id for s in signed}, {keys.key_id(keys.public_key_hex())})

    def test_it_refuses_a_different_entry_at_a_signed_height(self):
        again = signer.sign_entry(
            vote_id=self.vote.pk,
            height=1,
            entry_hash=self.entry.entry_hash,
            public_key=keys.public_key_hex(),
        )
        self.assertEqual(again, self.entry.signature)  # the same entry: harmless
        LedgerEntry.objects.filter(pk=self.entry.pk).delete()
        with self.assertRaises(signer.Equivocation):
            signer.sign_entry(
                vote_id=self.vote.pk,
                height=1,
                entry_hash="ab" * 32,
                public_key=keys.public_key_hex(),
            )

    def test_an_open_vote_cut_back_in_the_database_takes_no_ballot_over_the_hole(self):
        """Ledger review F5 (case 9): the newest ballot deleted and the head set back."""
        LedgerEntry.objects.filter(pk=self.entry.pk).delete()
        Vote.objects.filter(pk=self.vote.pk).update(head_hash=self.entry.parent_hash)
        self.vote.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "ledger was altered"):
            ballots.ballot_cast(
                vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
            )
        self.assertEqual(self.vote.entries.count(), 1)
        self.assertIn(
            f"the instance signed entry {self.entry.entry_hash[:16]} at height 1, which is no "
            "longer in the chain: entries were removed or rewritten",
            ledger.verify(self.vote).problems,
        )

    def test_with_the_signers_record_deleted_too_only_what_members_kept_tells(self):
        """The record of signed heights is a table of the same database: someone with the
        database alone deletes the newest ballot with its SignedHeight and HeadPost rows, and
        the server signs the next ballot over the hole. The server's own check cannot tell;
        the receipt and a head saved from the feed before the deletion do."""
        kept = receipt(self.vote, own_receipt(self.vote, self.entry.entry_hash, [self.alpha]))
        feed = self.client.get("/c/united/ledger-heads/atom/").content.decode()
        LedgerEntry.objects.filter(pk=self.entry.pk).delete()
        SignedHeight.objects.filter(vote=self.vote, height=1).delete()
        HeadPost.objects.filter(vote=self.vote, height=1).delete()
        Vote.objects.filter(pk=self.vote.pk).update(head_hash=self.entry.parent_hash)
        self.vote.refresh_from_db()
        other = ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        self.assertEqual(other.height, 1)  # signed over the hole
        self.assertEqual(ledger.verify(self.vote).problems, [])
        tool = offline.tool()
        heads = tool.read_heads(feed, self.vote.pk)
        self.assertIn((1, self.entry.entry_hash), heads)
        problems = ledger.verify(self.vote, heads=heads, receipts=[("r.json", kept)]).problems
        self.assertIn(
            f"the head {self.entry.entry_hash[:16]} (height 1) you saved earlier is not in the "
            "chain: entries were removed or rewritten",
            problems,
        )
        self.assertTrue(
            any("receipt r.json: the ballot the instance accepted" in p for p in problems)
        )
        report = tool.verify(full_export(self.vote), trusted=[keys.public_key_hex()], heads=heads)
        self.assertFalse(report.ok)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
            json.dump(kept, handle)
            handle.flush()
            with self.assertRaises(CommandError):
                call_command(
                    "verify_ledger",
                    str(self.vote.pk),
                    "--receipt",
                    handle.name,
                    stdout=StringIO(),
                    stderr=StringIO(),
                )

    def test_a_closed_vote_cut_back_with_the_signers_record_is_closed_again_over_the_hole(self):
        """The same on a closed vote: its last ballot deleted with the close and the result
        (and their SignedHeight and HeadPost rows), the vote marked open, the server closes it
        again, with another result. Only gamma's receipt and the heads saved before tell."""
        last = ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="against"
        )
        kept = receipt(self.vote, own_receipt(self.vote, last.entry_hash, [self.gamma]))
        expire(self.vote)
        self.assertTrue(votes.close_if_due(self.vote))
        feed = self.client.get("/c/united/ledger-heads/atom/").content.decode()
        before = Vote.objects.get(pk=self.vote.pk).result
        for model in (LedgerEntry, SignedHeight, HeadPost):
            model.objects.filter(vote=self.vote, height__gte=last.height).delete()
        Vote.objects.filter(pk=self.vote.pk).update(
            head_hash=last.parent_hash, state="open", result=None
        )
        Motion.objects.filter(pk=self.vote.motion_id).update(
            state="voting", resolution_year=None, resolution_number=None
        )
        self.vote.refresh_from_db()
        self.assertTrue(votes.close_if_due(self.vote))
        self.vote.refresh_from_db()
        self.assertEqual((before["outcome"], self.vote.result["outcome"]), ("rejected", "adopted"))
        self.assertEqual(ledger.verify(self.vote).problems, [])
        heads = offline.tool().read_heads(feed, self.vote.pk)
        problems = ledger.verify(self.vote, heads=heads, receipts=[("r.json", kept)]).problems
        self.assertTrue(any("you saved earlier is not in the chain" in p for p in problems))
        self.assertTrue(any("proves it was removed or replaced" in p for p in problems))


class KeyRotationTestCase(BaseTestCase):
    """Each test has a var/ of its own: rotating writes the key files there."""

    def setUp(self):
        self.var = Path(tempfile.mkdtemp())
        self.override = override_settings(VAR_DIR=self.var)
        self.override.enable()
        keys.private_key.cache_clear()
        keys._retired.cache_clear()

    def tearDown(self):
        self.override.disable()
        keys.private_key.cache_clear()
        keys._retired.cache_clear()

    def test_past_and_open_votes_keep_verifying_and_new_votes_name_the_new_key(self):
        old_public = keys.public_key_hex()
        closed = open_vote(self, make_motion(self, "Earlier"))
        ballots.ballot_cast(vote=closed, organization=self.alpha, actor=self.delegate, choice="for")
        expire(closed)
        votes.close_if_due(closed)
        still_open = open_vote(self, hours=48)
        older_format = open_v1_vote(self, make_motion(self, "Format 1"))
        row = rotation.rotate()
        self.assertNotEqual(keys.public_key_hex(), old_public)
        self.assertEqual(row.previous.public_key, old_public)
        self.assertEqual(
            (self.var / "ledger_keys" / keys.key_id(old_public)).stat().st_mode & 0o777, 0o600
        )
        keys.private_key.cache_clear()  # as after the restart the command asks for
        # The open vote finishes with the key its manifest names.
        entry = ballots.ballot_cast(
            vote=still_open, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        self.assertTrue(keys.verify(old_public, entry.entry_hash.encode(), entry.signature))
        fresh = open_vote(self, make_motion(self, "Later"))
        self.assertEqual(fresh.manifest()["public_key"], keys.public_key_hex())
        for vote in (closed, still_open, fresh, older_format):
            with self.subTest(vote=vote.pk):
                self.assertEqual(ledger.verify(vote).problems, [])
                # A member who trusts the old key follows the signed rotation, and back.
                for trusted in (old_public, keys.public_key_hex()):
                    report = offline.tool().verify(full_export(vote), trusted=[trusted])
                    self.assertEqual(report.problems, [])
        published = self.client.get("/ledger-keys.json").json()["keys"]
        self.assertEqual([k["public_key"] for k in published], [old_public, keys.public_key_hex()])
        self.assertIsNotNone(published[0]["valid_until"])

    def test_a_key_replaced_without_rotation_opens_no_vote_until_recorded(self):
        before = open_vote(self)  # records the first key
        keys.key_file().unlink()
        keys.private_key.cache_clear()  # a new key appears (a lost or replaced file)
        with self.assertRaisesMessage(ValidationError, "not the newest of the published key"):
            open_vote(self, make_motion(self, "Next"))
        rotation.adopt()
        vote = open_vote(self, make_motion(self, "Next"))
        report = offline.tool().verify(full_export(vote), trusted=[keys.public_key_hex()])
        self.assertEqual(report.problems, [])
        self.assertTrue(
            any("without a valid signature of the previous key" in w for w in report.warnings)
        )
        self.assertEqual(ledger.verify(before).problems, [])  # the instance's own history

    def test_the_command_lists_and_rotates(self):
        out = tempfile.SpooledTemporaryFile(mode="w+")
        call_command("ledger_key", "rotate", stdout=out)
        out.seek(0)
        self.assertIn("Restart now", out.read())
        self.assertEqual(LedgerKey.objects.count(), 2)

    def test_with_the_key_in_the_environment_the_new_seed_goes_to_a_file(self):
        seed = "11" * 32
        with mock.patch.dict(os.environ, {"LEDGER_SIGNING_KEY": seed}):
            keys.private_key.cache_clear()
            with self.assertRaisesMessage(rotation.RotationError, "--seed-out"):
                rotation.rotate()
            target = self.var / "new-seed"
            rotation.rotate(seed_out=target)
            self.assertEqual(len(bytes.fromhex(target.read_text())), 32)
        published = json.loads(self.client.get("/ledger-keys.json").content)["keys"]
        self.assertEqual(published[1]["previous"], published[0]["key_id"])
