"""The closing entry records the scheduled close beside the moment it ran; the verifier
checks that no counted ballot is after the scheduled close, and old ledgers still verify.

These run on a ledger of format 1 (the ballots carry their choice), where a ballot is easy
to write by hand; test_verifiable.py checks the same for signed ballots of format 2."""

import json
from datetime import timedelta

from django.utils import timezone

from caucus.decisions import ledger
from caucus.decisions.models import EntryKind, Motion, Vote, VoteState
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests.helpers import expire, open_v1_vote
from caucus.test import BaseTestCase


def close_by_hand(vote: Vote, close_payload: dict) -> None:
    """What votes.vote_close does, with a closing payload of our choosing (as an older
    version of Caucus, or a tampering operator holding the key, would have written)."""
    Vote.objects.filter(pk=vote.pk).update(state=VoteState.CLOSED, closed_at=timezone.now())
    ledger.append(vote, EntryKind.CLOSE, close_payload)
    result = votes.result_of(vote)  # as the services count, whatever the ledger's format
    year = vote.signed_times()[1].year if result["outcome"] == "adopted" else None
    result["resolution"] = f"{year}/1" if year else None
    ledger.append(vote, EntryKind.RESULT, result)
    Vote.objects.filter(pk=vote.pk).update(result=result)
    Motion.objects.filter(pk=vote.motion_id).update(
        state=result["outcome"], resolution_year=year, resolution_number=1 if year else None
    )
    vote.refresh_from_db()


class CloseEntryTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_v1_vote(self)
        self.manifest = self.vote.manifest()
        ballots.ballot_cast(
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
        before = ledger.iso(timezone.now())
        votes.vote_close(vote=self.vote, trigger="task")
        close = json.loads(self.vote.entries.get(kind="close").payload)
        self.assertEqual(set(close), {"closes_at", "closed_at", "trigger"})
        self.assertEqual(close["closes_at"], self.manifest["closes_at"])
        self.assertGreaterEqual(close["closed_at"], before)
        self.assertEqual(self.problems(), [])

    def test_an_older_close_entry_without_its_run_time_still_verifies(self):
        close_by_hand(self.vote, {"closes_at": self.manifest["closes_at"], "trigger": "task"})
        self.assertEqual(self.problems(), [])

    def test_a_ballot_after_the_scheduled_close_is_named_and_not_counted(self):
        late = ledger.iso(self.vote.closes_at + timedelta(minutes=3))
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
        earlier = ledger.iso(timezone.now() - timedelta(hours=1))
        close_by_hand(
            self.vote,
            {"closes_at": earlier, "closed_at": ledger.iso(timezone.now()), "trigger": "x"},
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
