"""The signed manifest's times decide (ledger review F2): a database edit of a vote's time
columns neither closes it early nor lets late ballots in, and the verifier names a close that
ran before the scheduled one. The verifier also checks the rows people read against the signed
result (F3), and ballots are stamped in chain order (F9)."""

import json
from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from caucus.decisions import ledger
from caucus.decisions.models import Motion, Vote
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests.helpers import Clock, expire, open_vote
from caucus.decisions.tests.test_close_entry import close_by_hand
from caucus.test import BaseTestCase


class SignedCloseTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        self.manifest = self.vote.manifest()
        ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
        )

    def problems(self) -> list[str]:
        self.vote.refresh_from_db()
        return ledger.verify(self.vote).problems

    def test_moving_the_closing_column_earlier_does_not_close_the_vote(self):
        Vote.objects.filter(pk=self.vote.pk).update(closes_at=timezone.now() - timedelta(hours=1))
        self.client.force_login(self.gamma_admin)
        page = self.client.get(f"/coalitions/united/votes/{self.vote.pk}/")
        self.assertContains(page, "Choices stay sealed until voting closes")
        self.vote.refresh_from_db()
        self.assertEqual(self.vote.state, "open")
        ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="against"
        )
        self.assertFalse(votes.vote_close(vote=self.vote, trigger="task"))
        self.assertIn("the vote's stored closes_at", " ".join(self.problems()))

    def test_moving_the_closing_column_later_does_not_take_late_ballots(self):
        later = timezone.now() + timedelta(days=30)
        Vote.objects.filter(pk=self.vote.pk).update(closes_at=later)
        expire(self.vote)  # past the manifest's close, long before the column's
        with self.assertRaisesMessage(Exception, "Voting has closed."):
            ballots.ballot_cast(
                vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
            )
        self.vote.refresh_from_db()
        self.assertEqual(self.vote.state, "closed")
        close = json.loads(self.vote.entries.get(kind="close").payload)
        self.assertEqual(close["closes_at"], self.manifest["closes_at"])

    def test_the_verifier_names_a_close_that_ran_before_the_scheduled_close(self):
        early = ledger.iso(timezone.now())
        close_by_hand(
            self.vote,
            {"closes_at": self.manifest["closes_at"], "closed_at": early, "trigger": "task"},
        )
        expected = (
            f"entry at height 2 (close): ran at {early}, before the scheduled close at "
            f"{self.manifest['closes_at']} (an early close)"
        )
        self.assertIn(expected, self.problems())
        with self.assertRaises(CommandError):
            call_command("verify_ledger", str(self.vote.pk), stdout=mock.MagicMock())
        self.client.force_login(self.gamma_admin)
        page = self.client.get(f"/coalitions/united/votes/{self.vote.pk}/verify/")
        self.assertContains(page, "before the scheduled close")


class ResultRecordsTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        for org, actor in ((self.alpha, self.delegate), (self.gamma, self.gamma_admin)):
            ballots.ballot_cast(vote=self.vote, organization=org, actor=actor, choice="for")
        expire(self.vote)
        votes.vote_close(vote=self.vote, trigger="test")
        self.vote.refresh_from_db()

    def problems(self) -> list[str]:
        self.vote.refresh_from_db()
        return ledger.verify(self.vote).problems

    def test_a_genuine_close_verifies(self):
        self.assertEqual(self.problems(), [])

    def test_an_edited_resolution_number_or_motion_state_is_named(self):
        motion = Motion.objects.get(pk=self.vote.motion_id)
        Motion.objects.filter(pk=motion.pk).update(resolution_number=7)
        self.assertIn("the motion's resolution number", " ".join(self.problems()))
        Motion.objects.filter(pk=motion.pk).update(
            resolution_number=motion.resolution_number, state="rejected"
        )
        self.assertEqual(
            self.problems(), ["the motion is marked rejected but the signed result says adopted"]
        )


class CastOrderTestCase(BaseTestCase):
    def test_cast_at_follows_chain_order_when_another_ballot_gets_in_first(self):
        """Alpha's ballot is validated, then gamma's is appended before alpha's write: alpha's
        `cast_at` is taken at its own write, so it is not earlier than gamma's."""
        vote = open_vote(self)
        real_append = ledger.append

        def gamma_first(vote_, kind, payload, **kwargs):
            ledger.append = real_append
            Clock.forward_to(timezone.now() + timedelta(seconds=1))
            ballots.ballot_cast(
                vote=vote_, organization=self.gamma, actor=self.gamma_admin, choice="for"
            )
            return real_append(vote_, kind, payload, **kwargs)

        with mock.patch.object(ledger, "append", gamma_first):
            ballots.ballot_cast(
                vote=vote, organization=self.alpha, actor=self.delegate, choice="for"
            )
        cast = [json.loads(e.payload) for e in vote.entries.filter(kind="ballot")]
        self.assertEqual([b["org"] for b in cast], ["gamma", "alpha"])
        self.assertLessEqual(cast[0]["cast_at"], cast[1]["cast_at"])
