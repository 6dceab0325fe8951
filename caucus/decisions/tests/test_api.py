"""The decisions API: members read votes and ledgers, delegates cast ballots."""

import json

from caucus.decisions.models import Motion
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import OK, ApiMatrix, BaseTestCase, expect, refused


class VoteApiTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        self.base = f"/api/v1/coalitions/united/votes/{self.vote.pk}"

    def test_a_delegate_casts_a_ballot_and_gets_a_receipt(self):
        self.client.force_login(self.delegate)
        response = self.client.post(
            self.base + "/ballots",
            {"organization": "alpha", "choice": "for"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        tracker = response.json()["tracker"]
        ledger = self.client.get(self.base + "/ledger").json()
        self.assertIn(tracker, [e["entry_hash"] for e in ledger["entries"]])
        self.assertTrue(self.client.get(self.base + "/verify").json()["ok"])
        self.assertIsNone(self.client.get(self.base).json()["result"])

    def test_a_bad_ballot_is_422_and_changes_nothing(self):
        self.client.force_login(self.delegate)
        response = self.client.post(
            self.base + "/ballots",
            json.dumps({"organization": "gamma", "choice": "for"}),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(self.vote.entries.count(), 1)


class MotionApiTestCase(BaseTestCase):
    base = "/api/v1/coalitions/united/motions"

    def post(self, data: dict):
        return self.client.post(self.base, json.dumps(data), content_type="application/json")

    def test_a_delegate_proposes_lists_and_reads_a_motion(self):
        self.client.force_login(self.delegate)
        response = self.post(
            {
                "organization": "alpha",
                "title": "Solidarity",
                "text": "We **stand** with them.",
                "seconders": ["gamma"],
            }
        )
        self.assertEqual(response.status_code, 201, response.content)
        motion = Motion.objects.get(title="Solidarity")
        self.assertEqual((motion.proposer, motion.proposed_by), (self.alpha, self.delegate))
        self.assertEqual(response.json()["seconders"], ["gamma"])
        self.assertIn("<strong>stand</strong>", response.json()["text_html"])
        listed = self.client.get(self.base).json()
        self.assertEqual([m["id"] for m in listed["items"]], [motion.pk])
        one = self.client.get(f"{self.base}/{motion.pk}").json()
        self.assertEqual((one["state"], one["vote"], one["resolution"]), ("draft", None, ""))

    def test_an_adopted_motion_shows_its_resolution_and_vote(self):
        vote = open_vote(self)
        ballots.ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        expire(vote)
        self.client.force_login(self.gamma_admin)
        one = self.client.get(f"{self.base}/{vote.motion_id}").json()
        self.assertEqual(one["state"], "adopted")
        self.assertEqual(one["resolution"], f"Resolution {vote.closes_at.year}/1")
        self.assertEqual(one["vote"], vote.pk)

    def test_bad_motions_are_422_field_by_field_and_change_nothing(self):
        self.client.force_login(self.delegate)
        for data, field in [
            ({"organization": "gamma", "title": "T", "text": "x"}, "organization"),
            ({"organization": "alpha", "title": "", "text": "x"}, "title"),
            ({"organization": "alpha", "title": "T", "text": "x", "seconders": ["beta"]}, None),
            ({"organization": "alpha", "title": "T", "text": "x", "meeting": 99999}, "meeting"),
        ]:
            with self.subTest(data=data):
                response = self.post(data)
                self.assertEqual(response.status_code, 422, response.content)
                if field:
                    self.assertIn(field, json.dumps(response.json()))
        self.assertFalse(Motion.objects.exists())


# The people of the coalition's member organizations with a second factor read; alpha's
# people act for alpha, and another member's get 422: alpha is not one of their choices.
MEMBERS = expect(OK, anonymous=401, outsider=403, nomfa=403, operator=403)
ALPHAS_PEOPLE = {**MEMBERS, "gamma_admin": 422}


class VoteAndMotionMatrixTestCase(ApiMatrix, BaseTestCase):
    """Who reads the ledger and motions, casts a ballot and proposes a motion: every role of
    the cast, by session and by token; a refusal changes no ballot and no motion."""

    watched = ["decisions.Motion", "decisions.LedgerEntry"]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issue_tokens()

    def setUp(self):
        self.vote = open_vote(self)
        self.votes = f"/coalitions/united/votes/{self.vote.pk}"

    def test_members_read_the_ledger_and_alphas_people_cast_alphas_ballot(self):
        self.check_api("get", self.votes + "/ledger", MEMBERS)
        ballot = {"organization": "alpha", "choice": "for"}
        self.check_api("post", self.votes + "/ballots", ALPHAS_PEOPLE, ballot, allowed=201)

    def test_nobody_casts_for_an_organization_outside_the_coalition(self):
        ballot = {"organization": "beta", "choice": "for"}
        # The guard lets the coalition's people through; beta is none of their choices.
        self.check_api("post", self.votes + "/ballots", refused(422, MEMBERS), ballot)

    def test_members_read_motions_and_alphas_people_propose_for_alpha(self):
        motions = "/coalitions/united/motions"
        self.check_api("get", motions, MEMBERS)
        motion = {"organization": "alpha", "title": "T", "text": "x"}
        self.check_api("post", motions, ALPHAS_PEOPLE, motion, allowed=201)
