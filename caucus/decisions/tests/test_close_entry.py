"""The closing entry records the scheduled close beside the moment it ran; the verifier
checks that no counted ballot is after the scheduled close, and old ledgers still verify."""

import json
from datetime import timedelta

from django.utils import timezone

from caucus.decisions import ledger, services
from caucus.decisions.methods import tally
from caucus.decisions.models import EntryKind, Motion, Vote, VoteState
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase


def close_by_hand(vote: Vote, close_payload: dict) -> None:
    """What services.vote_close does, with a closing payload of our choosing (as an older
    version of Caucus, or a tampering operator holding the key, would have written)."""
    manifest = services.manifest_of(vote)
    Vote.objects.filter(pk=vote.pk).update(state=VoteState.CLOSED, closed_at=timezone.now())
    ledger.append(vote, EntryKind.CLOSE, close_payload)
    result = tally(manifest, services.last_ballots(vote))
    result["resolution"] = None
    result["ballots"] = dict(sorted(services.last_ballots(vote).items()))
    ledger.append(vote, EntryKind.RESULT, result)
    Vote.objects.filter(pk=vote.pk).update(result=result)
    Motion.objects.filter(pk=vote.motion_id).update(state=result["outcome"])
    vote.refresh_from_db()


class CloseEntryTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        self.manifest = services.manifest_of(self.vote)
        services.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
        )

    def ballot(self, org: str, choice: str, cast_at: str) -> None:
        payload = {"org": org, "choice": choice, "cast_at": cast_at, "nonce": "ab"}
        ledger.append(self.vote, EntryKind.BALLOT, payload)

    def problems(self) -> list[str]:
        self.vote.refresh_from_db()
        return ledger.verify(self.vote).problems

    def test_the_close_payload_has_the_scheduled_and_the_actual_time(self):
        expire(self.vote)
        before = services.iso(timezone.now())
        services.vote_close(vote=self.vote, trigger="task")
        close = json.loads(self.vote.entries.get(kind="close").payload)
        self.assertEqual(set(close), {"closes_at", "closed_at", "trigger"})
        self.assertEqual(close["closes_at"], self.manifest["closes_at"])
        self.assertGreaterEqual(close["closed_at"], before)
        self.assertEqual(self.problems(), [])

    def test_an_older_close_entry_without_its_run_time_still_verifies(self):
        close_by_hand(self.vote, {"closes_at": self.manifest["closes_at"], "trigger": "task"})
        self.assertEqual(self.problems(), [])

    def test_a_ballot_after_the_scheduled_close_is_named_and_not_counted(self):
        late = services.iso(self.vote.closes_at + timedelta(minutes=3))
        self.ballot("gamma", "against", late)
        close_by_hand(
            self.vote,
            {"closes_at": self.manifest["closes_at"], "closed_at": late, "trigger": "task"},
        )
        problems = self.problems()
        self.assertIn(
            f"entry at height 2 (ballot): cast at {late}, after the scheduled close at "
            f"{self.manifest['closes_at']}",
            problems,
        )
        # The stored result counted it; the recount of the valid ballots does not.
        self.assertTrue(any("recount of the last ballots" in p for p in problems), problems)

    def test_a_ballot_before_opening_is_named(self):
        self.ballot("gamma", "for", "2000-01-01T00:00:00.000000Z")
        self.assertIn(
            "entry at height 2 (ballot): cast before the vote opened (2000-01-01T00:00:00.000000Z)",
            self.problems(),
        )

    def test_a_close_entry_naming_another_scheduled_close_is_named(self):
        earlier = services.iso(timezone.now() - timedelta(hours=1))
        close_by_hand(
            self.vote,
            {"closes_at": earlier, "closed_at": services.iso(timezone.now()), "trigger": "x"},
        )
        self.assertIn(
            f"entry at height 2 (close): names the scheduled close {earlier}, "
            f"not the manifest's {self.manifest['closes_at']}",
            self.problems(),
        )

    def test_a_close_that_ran_before_a_ballot_it_follows_is_named(self):
        cast = json.loads(self.vote.entries.get(kind="ballot").payload)["cast_at"]
        early = "2000-01-01T00:00:00.000000Z"
        close_by_hand(
            self.vote,
            {"closes_at": self.manifest["closes_at"], "closed_at": early, "trigger": "x"},
        )
        self.assertIn(
            f"entry at height 2 (close): ran at {early}, before a ballot it follows "
            f"(cast at {cast})",
            self.problems(),
        )
