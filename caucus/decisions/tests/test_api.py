"""The decisions API: members read votes and ledgers, delegates cast ballots."""

import json

from caucus.decisions.models import Motion
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase


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

    def test_outsiders_and_anonymous_are_refused(self):
        self.assertEqual(self.client.get(self.base + "/ledger").status_code, 401)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.base + "/ledger").status_code, 403)
        response = self.client.post(
            self.base + "/ballots",
            {"organization": "beta", "choice": "for"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
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

    def test_outsiders_anonymous_and_members_without_mfa_are_refused(self):
        data = {"organization": "alpha", "title": "T", "text": "x"}
        self.assertEqual(self.client.get(self.base).status_code, 401)
        self.assertEqual(self.post(data).status_code, 401)
        for person in (self.outsider, self.nomfa):
            with self.subTest(person=person.email):
                self.client.force_login(person)
                self.assertEqual(self.client.get(self.base).status_code, 403)
                self.assertEqual(self.post(data).status_code, 403)
        self.assertFalse(Motion.objects.exists())
