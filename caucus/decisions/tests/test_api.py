"""The decisions API: members read votes and ledgers, delegates cast ballots."""

import json

from caucus.decisions.tests.helpers import open_vote
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
