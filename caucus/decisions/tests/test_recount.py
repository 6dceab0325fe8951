"""Hypothesis: any sequence of ballots and revotes verifies, and its tally is a plain recount."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.decisions import ledger
from caucus.decisions.models import VotingWeight
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.test import BaseTestCase

BALLOTS = st.lists(
    st.tuples(
        st.sampled_from(["alpha", "gamma"]), st.sampled_from(["for", "against", "abstain", "block"])
    ),
    max_size=8,
)
RULES = st.sets(
    st.sampled_from(["simple", "absolute", "two_thirds", "consensus", "threshold"]), min_size=1
)


def recount(last: dict[str, str], weights: dict[str, int], rules, quorum: int, threshold: int):
    """The outcome as a person would count it on paper, with fractions."""
    total = dict.fromkeys(["for", "against", "abstain", "block"], 0)
    for org, choice in last.items():
        total[choice] += weights[org]
    cast = total["for"] + total["against"] + total["block"]
    share = Fraction(total["for"], cast) if cast else Fraction(0)
    eligible = sum(weights.values())
    passes = {
        "simple": share > Fraction(1, 2),
        "absolute": Fraction(total["for"], eligible) > Fraction(1, 2),
        "two_thirds": cast > 0 and share >= Fraction(2, 3),
        "consensus": total["block"] == 0,
        "threshold": Fraction(total["for"], eligible) >= Fraction(threshold, 100),
    }
    quorum_met = Fraction(len(last), len(weights)) >= Fraction(quorum, 100)
    adopted = quorum_met and total["for"] > 0 and all(passes[r] for r in rules)
    return total, "adopted" if adopted else "rejected"


class RecountTestCase(BaseTestCase, HypothesisTestCase):
    @settings(
        max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        sequence=BALLOTS,
        rules=RULES,
        alpha_weight=st.integers(1, 3),
        quorum=st.integers(0, 100),
        threshold=st.integers(1, 100),
    )
    def test_any_ballot_sequence_verifies_and_matches_a_recount(
        self, sequence, rules, alpha_weight, quorum, threshold
    ):
        VotingWeight.objects.update_or_create(
            coalition=self.coalition, organization=self.alpha, defaults={"weight": alpha_weight}
        )
        vote = open_vote(self, rules=sorted(rules), quorum=quorum, threshold=threshold)
        actors = {"alpha": (self.alpha, self.delegate), "gamma": (self.gamma, self.gamma_admin)}
        last = {}
        for org, choice in sequence:
            if choice == "block" and "consensus" not in rules:
                continue
            ballots.ballot_cast(
                vote=vote, organization=actors[org][0], actor=actors[org][1], choice=choice
            )
            last[org] = choice
        expire(vote)
        votes.vote_close(vote=vote, trigger="test")
        vote.refresh_from_db()
        report = ledger.verify(vote)
        self.assertEqual(report.problems, [])
        counts, outcome = recount(
            last, {"alpha": alpha_weight, "gamma": 1}, rules, quorum, threshold
        )
        self.assertEqual(vote.result["counts"], counts)
        self.assertEqual(vote.result["participating"], len(last))
        self.assertEqual(vote.result["outcome"], outcome)
        self.assertEqual(vote.motion.state, outcome)
