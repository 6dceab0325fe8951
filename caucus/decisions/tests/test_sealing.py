"""Ballots are sealed until the close (ledger review F1, security review #5): while a vote is
open, members see each ballot entry's hashes and signature but not its choice, except their
own organization's; the close reveals a recorded vote's ballots; a totals-only vote never
reveals another organization's. The chain verifies from the export before and after."""

import json

from caucus.decisions import keys, ledger
from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase


def verifies(export: dict) -> bool:
    """An outsider's check of a downloaded ledger: links, hashes and signatures (withheld
    payloads are checked through their hashes only)."""
    previous = ledger.GENESIS
    for height, row in enumerate(export["entries"]):
        if row["payload"] is not None and ledger.sha256(row["payload"]) != row["payload_hash"]:
            return False
        digest = ledger.entry_hash(
            height=height, parent_hash=previous, kind=row["kind"], payload_hash=row["payload_hash"]
        )
        if digest != row["entry_hash"] or row["parent_hash"] != previous:
            return False
        if not keys.verify(export["public_key"], digest.encode(), row["signature"]):
            return False
        previous = digest
    return previous == export["head"]


class Sealed:
    """Two ballots, alpha's "against" and gamma's "for", in a vote still open; the tests
    every kind of vote shares."""

    recorded = True

    def setUp(self):
        self.vote = open_vote(self, recorded=self.recorded)
        self.url = f"/coalitions/united/votes/{self.vote.pk}/"
        ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="against"
        )
        ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )

    def exports(self, user) -> list[dict]:
        """The web download and the API's ledger, as `user` sees them."""
        self.client.force_login(user)
        web = self.client.get(self.url + "ledger.json").json()
        api = self.client.get(f"/api/v1/coalitions/united/votes/{self.vote.pk}/ledger").json()
        self.assertEqual(web, api)
        return [web, api]

    def choices(self, export: dict) -> dict[str, str]:
        """The ballots whose choice is shown: {org: choice} (format 2 ballots name their
        choice in the opening of their commitment)."""
        shown = {}
        for row in export["entries"]:
            self.assertIn("signature", row)
            if row["kind"] == "ballot" and row["payload"] is not None:
                payload = json.loads(row["payload"])
                opening = json.loads(row["opening"]) if row.get("opening") else payload
                if "choice" in opening:
                    shown[payload["org"]] = opening["choice"]
        return shown

    def voters(self, export: dict) -> set[str]:
        """The organizations whose ballots are shown, with or without their choice."""
        return {
            json.loads(row["payload"])["org"]
            for row in export["entries"]
            if row["kind"] == "ballot" and row["payload"] is not None
        }

    def test_while_open_members_see_only_their_own_organizations_choice(self):
        for user, own in ((self.gamma_admin, "gamma"), (self.coordinator, "alpha")):
            for export in self.exports(user):
                with self.subTest(user=user.email):
                    mine = {"alpha": "against", "gamma": "for"}[own]
                    self.assertEqual(self.choices(export), {own: mine})
                    self.assertEqual(self.voters(export), {own})  # not even who voted
                    self.assertTrue(verifies(export))
                    kinds = [row["kind"] for row in export["entries"]]
                    self.assertEqual(kinds, ["open", "ballot", "ballot"])

    def test_while_open_the_ledger_page_shows_other_ballots_as_sealed(self):
        self.client.force_login(self.gamma_admin)
        page = self.client.get(self.url + "ledger/")
        self.assertContains(
            page, '<span class="ballot-choice"><bdi>gamma</bdi>: For</span>', html=True
        )
        self.assertContains(page, '<span class="muted sealed">sealed</span>', html=True)
        self.assertNotContains(page, "<bdi>alpha</bdi>: Against")

    def test_while_open_the_vote_page_and_api_show_no_other_choice(self):
        self.client.force_login(self.gamma_admin)
        page = self.client.get(self.url)
        self.assertContains(page, "2 of 2 organizations have voted.")
        self.assertContains(page, "Choices stay sealed until voting closes.")
        self.assertEqual([b["organization"].slug for b in page.context["own_ballots"]], ["gamma"])
        self.assertNotContains(page, "Alpha Union</bdi>:")  # the proposer is named, not its ballot
        self.assertNotContains(page, 'own-choice">Against')
        api = self.client.get(f"/api/v1/coalitions/united/votes/{self.vote.pk}").json()
        self.assertIsNone(api["result"])
        self.assertNotIn("choice", json.dumps(api))  # no ballot payload in the vote
        verify = self.client.get(f"/api/v1/coalitions/united/votes/{self.vote.pk}/verify").json()
        self.assertTrue(verify["ok"], verify)


class RecordedVoteTestCase(Sealed, BaseTestCase):
    def test_the_close_reveals_every_ballot_of_a_recorded_vote(self):
        expire(self.vote)
        for export in self.exports(self.gamma_admin):
            self.assertEqual(self.choices(export), {"alpha": "against", "gamma": "for"})
            self.assertTrue(verifies(export))
        self.vote.refresh_from_db()
        self.assertEqual(ledger.verify(self.vote).problems, [])
        self.assertContains(self.client.get(self.url + "ledger/"), "<bdi>alpha</bdi>: Against")


class TotalsOnlyTestCase(Sealed, BaseTestCase):
    recorded = False

    def test_the_close_reveals_only_the_members_own_ballot(self):
        expire(self.vote)
        for export in self.exports(self.gamma_admin):
            self.assertEqual(self.choices(export), {"gamma": "for"})
            # Who voted is shown (with each signature), never how: the opening is withheld.
            self.assertEqual(self.voters(export), {"alpha", "gamma"})
            self.assertTrue(verifies(export))
        result = json.loads(export["entries"][-1]["payload"])
        self.assertNotIn("ballots", result)
        self.assertEqual(result["counts"]["for"], 1)
