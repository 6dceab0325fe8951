"""Receipts answer precisely (ledger review F7): the ballot that counts, a ballot a later one of
the same organization replaced, or no ballot at all; another organization's ballot only once
a recorded vote has closed. Two ballots sent at once each show their own receipt (F8)."""

from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.decisions.services import ballots
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase


class ReceiptLookupTestCase(BaseTestCase):
    recorded = True

    def setUp(self):
        self.vote = open_vote(self, recorded=self.recorded)
        self.url = f"/coalitions/united/votes/{self.vote.pk}/"
        self.first = ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="against"
        )
        self.gammas = ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        self.last = ballots.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
        )
        self.manifest = self.vote.entries.get(height=0)

    def page(self, user, tracker: str):
        self.client.force_login(user)
        return self.client.get(self.url + "ledger/", {"tracker": tracker})

    def api(self, user, tracker: str) -> dict:
        self.client.force_login(user)
        path = f"/api/v1/coalitions/united/votes/{self.vote.pk}/receipts/{tracker}"
        response = self.client.get(path)
        return {"code": response.status_code, **response.json()}

    def test_the_last_ballot_counts(self):
        page = self.page(self.delegate, self.last.entry_hash)
        self.assertContains(page, "it is the one that counts")
        self.assertContains(page, "“For” for <bdi>alpha</bdi>")
        answer = self.api(self.delegate, self.last.entry_hash)
        self.assertEqual((answer["status"], answer["choice"]), ("counted", "for"))

    def test_a_replaced_ballot_says_so_and_names_the_later_one(self):
        page = self.page(self.delegate, self.first.entry_hash[:12])
        self.assertContains(page, "It does not count")
        self.assertContains(page, f"(at height {self.last.height}) replaced it")
        self.assertNotContains(page, "it is the one that counts")
        answer = self.api(self.delegate, self.first.entry_hash)
        self.assertEqual(answer["status"], "replaced")
        self.assertEqual(answer["replaced_by"], self.last.entry_hash)

    def test_the_manifest_and_unknown_hashes_are_not_ballots(self):
        page = self.page(self.delegate, self.manifest.entry_hash)
        self.assertContains(page, "not a ballot: it is not a receipt")
        self.assertNotContains(page, "one that counts")
        self.assertEqual(self.api(self.delegate, self.manifest.entry_hash)["status"], "not_ballot")
        self.assertContains(self.page(self.delegate, "deadbeefdeadbeef"), "No entry of this ledger")
        self.assertEqual(self.api(self.delegate, "deadbeefdeadbeef")["code"], 404)

    def test_another_organizations_ballot_is_not_looked_up_while_open(self):
        page = self.page(self.gamma_admin, self.first.entry_hash)
        self.assertContains(page, "Only that organization's delegates can look it up")
        self.assertNotContains(page, "Against")
        answer = self.api(self.gamma_admin, self.last.entry_hash)
        self.assertEqual(answer["status"], "not_yours")
        self.assertIsNone(answer["choice"])
        self.assertIsNone(answer["organization"])

    def test_after_a_recorded_vote_closes_every_member_may_look_up_every_ballot(self):
        expire(self.vote)
        self.assertEqual(self.api(self.gamma_admin, self.last.entry_hash)["status"], "counted")
        self.assertEqual(self.api(self.gamma_admin, self.first.entry_hash)["status"], "replaced")
        result = self.vote.entries.get(kind="result")
        self.assertEqual(self.api(self.gamma_admin, result.entry_hash)["status"], "not_ballot")


class TotalsOnlyReceiptTestCase(ReceiptLookupTestCase):
    recorded = False

    def test_after_a_recorded_vote_closes_every_member_may_look_up_every_ballot(self):
        """Not so in a totals-only vote: another organization's ballot stays its own."""
        expire(self.vote)
        self.assertEqual(self.api(self.gamma_admin, self.last.entry_hash)["status"], "not_yours")
        self.assertEqual(self.api(self.delegate, self.last.entry_hash)["status"], "counted")


class ReceiptPerSubmissionTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)
        self.url = f"/coalitions/united/votes/{self.vote.pk}/"
        self.client.force_login(self.delegate)

    def test_two_ballots_sent_at_once_each_show_their_own_receipt(self):
        # Both posts are answered before either browser follows its redirect, as when one
        # session submits twice at the same instant.
        against = self.client.post(
            self.url + "ballot/", {"organization": "alpha", "choice": "against"}
        )
        for_ = self.client.post(self.url + "ballot/", {"organization": "alpha", "choice": "for"})
        first, second = self.vote.entries.filter(kind="ballot").order_by("height")
        for response, entry, label in ((against, first, "Against"), (for_, second, "For")):
            page = self.client.get(response["Location"])
            self.assertContains(page, f'id="receipt">{entry.entry_hash}</code>')
            self.assertContains(page, f"Your ballot “{label}” is in the ledger.")
        self.assertContains(self.client.get(against["Location"]), "has replaced it")

    def test_a_receipt_in_the_address_is_shown_only_for_the_persons_own_ballot(self):
        other = ballots.ballot_cast(
            vote=self.vote, organization=self.gamma, actor=self.gamma_admin, choice="for"
        )
        page = self.client.get(self.url, {"receipt": other.entry_hash})
        self.assertNotContains(page, 'id="receipt"')
        manifest = self.vote.entries.get(height=0)
        page = self.client.get(self.url, {"receipt": manifest.entry_hash})
        self.assertNotContains(page, 'id="receipt"')


class AnyReceiptTestCase(BaseTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.vote = open_vote(cls)
        ballots.ballot_cast(vote=cls.vote, organization=cls.alpha, actor=cls.delegate, choice="for")

    @settings(max_examples=60, deadline=None, database=None)
    @given(tracker=st.text(max_size=80) | st.from_regex(r"[0-9a-f]{0,70}", fullmatch=True))
    def test_any_tracker_gets_an_answer_not_an_error(self, tracker: str):
        self.client.force_login(self.gamma_admin)
        url = f"/coalitions/united/votes/{self.vote.pk}/"
        self.assertEqual(self.client.get(url + "ledger/", {"tracker": tracker}).status_code, 200)
        self.assertEqual(self.client.get(url, {"receipt": tracker}).status_code, 200)
        api = f"/api/v1/coalitions/united/votes/{self.vote.pk}/receipts/{quote(tracker, safe='')}"
        self.assertIn(self.client.get(api).status_code, (200, 404))
