"""The ledger proves itself: genuine chains verify; each kind of tampering is named."""

import json

from django.core.management import call_command
from django.core.management.base import CommandError

from caucus.decisions import ledger
from caucus.decisions.models import LedgerEntry, Motion, Vote
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests import tamper
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase


class LedgerTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="against"
        )
        ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.coordinator, choice="for"
        )
        expire(self.vote)
        self.assertTrue(votes.vote_close(vote=self.vote, trigger="test"))
        self.vote.refresh_from_db()

    def problems(self, since: str = "") -> list[str]:
        self.vote.refresh_from_db()
        return ledger.verify(self.vote, since=since).problems

    def test_it_verifies_a_genuine_ledger(self):
        self.assertEqual(self.problems(), [])
        self.assertEqual(self.vote.entries.count(), 6)
        self.assertEqual(self.vote.result["counts"]["for"], 2)
        self.assertEqual(self.vote.result["ballots"], {"alpha": "for", "gamma": "for"})
        motion = Motion.objects.get(pk=self.vote.motion_id)
        self.assertEqual(motion.resolution_label, f"Resolution {self.vote.closes_at.year}/1")

    def test_it_stores_canonical_payloads_and_no_ip(self):
        for entry in self.vote.entries.all():
            data = json.loads(entry.payload)
            self.assertEqual(entry.payload, ledger.canonical(data))
            if entry.kind == "ballot":  # the choice only behind its salted commitment
                self.assertEqual(set(data), {"org", "choice_commitment", "cast_at", "nonce"})
                opening = json.loads(entry.opening)
                self.assertEqual(entry.opening, ledger.canonical(opening))
                self.assertEqual(data["choice_commitment"], ledger.sha256(entry.opening))
        field_names = {f.name for f in LedgerEntry._meta.get_fields()}
        self.assertFalse({"ip", "ip_address", "remote_addr"} & field_names)

    def test_changing_one_payload_byte_fails_at_that_entry(self):
        entry = self.vote.entries.get(height=2)
        LedgerEntry.objects.filter(pk=entry.pk).update(
            payload=entry.payload.replace('"gamma"', '"gamme"')
        )
        problems = self.problems()
        self.assertIn(
            "entry at height 2 (ballot): the payload does not match its hash "
            "(the payload was altered)",
            problems,
        )

    def test_changing_a_choice_breaks_its_commitment(self):
        entry = self.vote.entries.get(height=2)
        LedgerEntry.objects.filter(pk=entry.pk).update(
            opening=entry.opening.replace('"for"', '"against"')
        )
        self.assertIn(
            "entry at height 2 (ballot): the choice against does not match the commitment the "
            "ballot carries",
            self.problems(),
        )

    def test_deleting_an_entry_fails_and_says_where(self):
        LedgerEntry.objects.filter(vote=self.vote, height=3).delete()
        problems = self.problems()
        self.assertTrue(any(p.startswith("height 3 is missing") for p in problems), problems)
        self.assertTrue(any("entry at height 4 (close): its parent hash" in p for p in problems))

    def test_reordering_two_entries_fails(self):
        a, b = self.vote.entries.get(height=1), self.vote.entries.get(height=2)
        LedgerEntry.objects.filter(pk=a.pk).update(height=99)
        LedgerEntry.objects.filter(pk=b.pk).update(height=1)
        LedgerEntry.objects.filter(pk=a.pk).update(height=2)
        problems = self.problems()
        self.assertTrue(
            any("entry at height 1 (ballot): the entry hash does not match" in p for p in problems),
            problems,
        )

    def test_inserting_a_forged_entry_fails_on_the_signature(self):
        tail = list(self.vote.entries.filter(height__gte=3).order_by("-height"))
        for row in tail:
            LedgerEntry.objects.filter(pk=row.pk).update(height=row.height + 1)
        parent = self.vote.entries.get(height=2).entry_hash
        payload = ledger.canonical(
            {
                "org": "gamma",
                "choice_commitment": "0" * 64,
                "cast_at": "2000-01-01T00:00:00.000000Z",
                "nonce": "x",
            }
        )
        digest = ledger.entry_hash(
            height=3, parent_hash=parent, kind="ballot", payload_hash=ledger.sha256(payload)
        )
        LedgerEntry.objects.create(
            vote=self.vote,
            height=3,
            parent_hash=parent,
            kind="ballot",
            payload=payload,
            payload_hash=ledger.sha256(payload),
            entry_hash=digest,
            signature="00" * 64,
        )
        problems = self.problems()
        self.assertIn(
            "entry at height 3 (ballot): the signature is not valid for the key in the manifest",
            problems,
        )

    def test_changing_the_result_row_fails(self):
        result = dict(self.vote.result, outcome="rejected")
        Vote.objects.filter(pk=self.vote.pk).update(result=result)
        self.assertIn(
            "the vote's stored result row differs from the signed result entry at height 5",
            self.problems(),
        )

    def test_a_resigned_result_entry_disagreeing_with_the_recount_fails(self):
        row = self.vote.entries.get(kind="result")
        data = json.loads(row.payload)
        data["counts"]["for"] = 7

        def mutate(entries):
            entries[row.height]["payload"] = ledger.canonical(data)
            return row.height

        tamper.rewrite_vote(self.vote, mutate)  # re-signed with the instance key
        problems = self.problems()
        self.assertTrue(any("counts is" in p and "recount" in p for p in problems), problems)

    def test_since_checks_an_earlier_head_is_still_there(self):
        head = self.vote.entries.get(height=3).entry_hash
        self.assertEqual(self.problems(since=head), [])
        LedgerEntry.objects.filter(vote=self.vote, height__gte=3).delete()
        self.assertTrue(
            any("saved earlier is not in the chain" in p for p in self.problems(since=head))
        )

    def test_the_command_reports_ok_and_failure(self):
        call_command("verify_ledger", str(self.vote.pk))
        entry = self.vote.entries.get(height=1)
        LedgerEntry.objects.filter(pk=entry.pk).update(payload=entry.payload + " ")
        with self.assertRaises(CommandError):
            call_command("verify_ledger", str(self.vote.pk))
