"""Coordinators weigh ballots; the weights are frozen in each vote's manifest when it opens."""

from django.core.exceptions import ValidationError

from caucus.audit.models import AuditEntry
from caucus.decisions.models import VotingWeight
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase

URL = "/coalitions/united/weights/"


class WeightsTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_the_coordinator_sets_weights_and_new_votes_freeze_them(self):
        early = open_vote(self)
        response = self.client.post(URL, {f"org_{self.alpha.pk}": 3, f"org_{self.gamma.pk}": 1})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(VotingWeight.objects.values_list("organization__slug", "weight")), [("alpha", 3)]
        )
        self.assertTrue(AuditEntry.objects.filter(action="vote.weights_set").exists())
        weights = {r["org"]: r["weight"] for r in open_vote(self).manifest()["eligible"]}
        self.assertEqual(weights, {"alpha": 3, "gamma": 1})
        early_weights = {r["org"]: r["weight"] for r in early.manifest()["eligible"]}
        self.assertEqual(early_weights, {"alpha": 1, "gamma": 1})
        self.assertContains(self.client.get(URL), 'value="3"')

    def test_a_weighted_ballot_counts_its_weight(self):
        self.client.post(URL, {f"org_{self.alpha.pk}": 2, f"org_{self.gamma.pk}": 1})
        vote = open_vote(self)
        ballots.ballot_cast(vote=vote, organization=self.alpha, actor=self.delegate, choice="for")
        ballots.ballot_cast(
            vote=vote, organization=self.gamma, actor=self.gamma_admin, choice="against"
        )
        expire(vote)
        votes.vote_close(vote=vote, trigger="test")
        vote.refresh_from_db()
        self.assertEqual(vote.result["counts"]["for"], 2)
        self.assertEqual(vote.result["outcome"], "adopted")

    def test_bad_weights_are_refused_field_by_field_and_change_nothing(self):
        for bad in ["0", "-1", "x", "", "101"]:
            with self.subTest(bad=bad):
                response = self.client.post(
                    URL, {f"org_{self.alpha.pk}": bad, f"org_{self.gamma.pk}": 2}
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(f"org_{self.alpha.pk}", response.context["form"].errors)
        self.assertFalse(VotingWeight.objects.exists())

    def test_the_service_refuses_a_non_member(self):
        with self.assertRaises(ValidationError):
            votes.weights_set(
                coalition=self.coalition, actor=self.coordinator, weights={self.beta.pk: 2}
            )
        self.assertFalse(VotingWeight.objects.exists())
