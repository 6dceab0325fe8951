"""Property: for any sequence of ballots (signed or not), revotes, weights and rules, the offline
verifier accepts the genuine ledger a member downloads and recounts exactly the server's
tally, which is also the count made on paper (test_recount.recount)."""

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.coalitions.models import CoalitionMembership
from caucus.decisions import keys, ledger, offline
from caucus.decisions.disclosure import export, full_export
from caucus.decisions.models import VotingWeight
from caucus.decisions.services import ballots, votes
from caucus.decisions.tests.helpers import ballot_key, cast_signed, expire, open_vote
from caucus.decisions.tests.test_recount import RULES, recount
from caucus.organizations.models import Membership, Role
from caucus.test import BaseTestCase, make_org

ORGS = ("alpha", "gamma", "delta")
SEQUENCES = st.lists(
    st.tuples(
        st.sampled_from(ORGS),
        st.sampled_from(["for", "against", "abstain", "block"]),
        st.booleans(),  # signed with the organization's key
    ),
    max_size=7,
)


class OfflineVerifierPropertyTestCase(BaseTestCase, HypothesisTestCase):
    def setUp(self):
        self.delta = make_org("delta", "GR")
        CoalitionMembership.objects.create(
            coalition=self.coalition,
            organization=self.delta,
            status="active",
            joined_at=timezone.now(),
        )
        self.people = {
            "alpha": (self.alpha, self.delegate),
            "gamma": (self.gamma, self.gamma_admin),
            "delta": (self.delta, self.coordinator),
        }
        Membership.objects.create(
            user=self.coordinator, organization=self.delta, role=Role.DELEGATE
        )
        self.keys = {org: ballot_key(o, person) for org, (o, person) in self.people.items()}

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        sequence=SEQUENCES,
        rules=RULES,
        weights=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)),
        quorum=st.integers(0, 100),
        threshold=st.integers(1, 100),
        recorded=st.booleans(),
    )
    def test_the_verifier_accepts_genuine_ledgers_and_agrees_with_the_tally(
        self, sequence, rules, weights, quorum, threshold, recorded
    ):
        for (organization, _person), weight in zip(self.people.values(), weights, strict=True):
            VotingWeight.objects.update_or_create(
                coalition=self.coalition, organization=organization, defaults={"weight": weight}
            )
        vote = open_vote(
            self, rules=sorted(rules), quorum=quorum, threshold=threshold, recorded=recorded
        )
        last = {}
        for org, choice, signed in sequence:
            if choice == "block" and "consensus" not in rules:
                continue
            organization, person = self.people[org]
            if signed:
                cast_signed(vote, organization, person, choice, self.keys[org])
            else:
                ballots.ballot_cast(
                    vote=vote, organization=organization, actor=person, choice=choice
                )
            last[org] = choice
        expire(vote)
        votes.close_if_due(vote)
        tool, trusted = offline.tool(), [keys.public_key_hex()]
        member = tool.verify(export(vote, [self.alpha]), trusted=trusted)
        self.assertEqual(member.problems, [])
        everything = tool.verify(full_export(vote), trusted=trusted)
        self.assertEqual(everything.problems, [])
        self.assertEqual(everything.recount, {k: vote.result[k] for k in everything.recount})
        if recorded:
            self.assertEqual(member.recount, everything.recount)
        counts, outcome = recount(
            last, dict(zip(ORGS, weights, strict=True)), rules, quorum, threshold
        )
        self.assertEqual((vote.result["counts"], vote.result["outcome"]), (counts, outcome))
        self.assertEqual(ledger.verify(vote).problems, [])
