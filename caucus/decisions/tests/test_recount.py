"""Hypothesis: any sequence of ballots and revotes verifies, and its tally is a plain recount."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.decisions import ledger, services
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase

BALLOTS = st.lists(
    st.tuples(
        st.sampled_from(["alpha", "gamma"]), st.sampled_from(["for", "against", "abstain", "block"])
    ),
    max_size=8,
)


class RecountTestCase(BaseTestCase, HypothesisTestCase):
    @settings(
        max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        ballots=BALLOTS,
        rules=st.sets(
            st.sampled_from(["simple", "absolute", "two_thirds", "consensus"]), min_size=1
        ),
    )
    def test_any_ballot_sequence_verifies_and_matches_a_recount(self, ballots, rules):
        vote = open_vote(self, rules=sorted(rules))
        actors = {"alpha": (self.alpha, self.delegate), "gamma": (self.gamma, self.gamma_admin)}
        last = {}
        for org, choice in ballots:
            if choice == "block" and "consensus" not in rules:
                continue
            services.ballot_cast(
                vote=vote, organization=actors[org][0], actor=actors[org][1], choice=choice
            )
            last[org] = choice
        expire(vote)
        services.vote_close(vote=vote, trigger="test")
        vote.refresh_from_db()
        report = ledger.verify(vote)
        self.assertEqual(report.problems, [])
        counts = dict.fromkeys(["for", "against", "abstain", "block"], 0)
        for choice in last.values():
            counts[choice] += 1
        self.assertEqual(vote.result["counts"], counts)
        self.assertEqual(vote.result["participating"], len(last))
