"""decisions.selectors: the votes waiting for a person's ballot and the meetings ahead."""

from datetime import timedelta

from django.utils import timezone

from caucus.decisions import services
from caucus.decisions.selectors import ballots_awaiting, upcoming_meetings
from caucus.decisions.tests.helpers import Clock, expire, open_vote
from caucus.test import BaseTestCase
from caucus.testing.needs import another_coalition, meeting


class BallotsAwaitingTestCase(BaseTestCase):
    def setUp(self):
        self.vote = open_vote(self)

    def test_it_lists_the_eligible_organizations_that_have_not_voted(self):
        [item] = ballots_awaiting(self.delegate)
        self.assertEqual((item.vote, item.organizations), (self.vote, [self.alpha]))
        self.assertEqual(item.closes_at, self.vote.signed_closes_at)
        [item] = ballots_awaiting(self.gamma_admin)
        self.assertEqual(item.organizations, [self.gamma])

    def test_a_ballot_cast_for_the_organization_removes_it_for_all_its_people(self):
        services.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.coordinator, choice="for"
        )
        self.assertEqual(ballots_awaiting(self.delegate), [])
        self.assertEqual(len(ballots_awaiting(self.gamma_admin)), 1)

    def test_a_closed_vote_waits_for_nobody(self):
        expire(self.vote)
        try:
            self.assertEqual(ballots_awaiting(self.delegate), [])
        finally:
            Clock.reset()

    def test_nobody_outside_the_eligible_organizations(self):
        self.assertEqual(ballots_awaiting(self.outsider), [])
        self.assertEqual(ballots_awaiting(self.operator), [])

    def test_it_is_three_queries_however_many_votes(self):
        coalition = another_coalition("second", [self.alpha, self.gamma])
        self.coalition = coalition
        for _n in range(3):
            open_vote(self)
        with self.assertNumQueries(3):
            self.assertEqual(len(ballots_awaiting(self.delegate)), 4)


class UpcomingMeetingsTestCase(BaseTestCase):
    def test_members_and_coordinators_see_the_next_meetings_soonest_first(self):
        later = meeting(self.coalition, days=10, title="Later")
        sooner = meeting(self.coalition, days=2, title="Sooner")
        meeting(self.coalition, days=60, title="Far")
        cancelled = meeting(self.coalition, days=1, title="Cancelled")
        cancelled.cancelled_at = timezone.now()
        cancelled.save()
        self.assertEqual(upcoming_meetings(self.delegate), [sooner, later])
        self.assertEqual(upcoming_meetings(self.coordinator), [sooner, later])
        self.assertEqual(upcoming_meetings(self.outsider), [])

    def test_a_meeting_under_way_still_shows(self):
        running = meeting(self.coalition, days=0)
        running.starts_at = timezone.now() - timedelta(minutes=30)
        running.save()
        self.assertEqual(upcoming_meetings(self.gamma_admin), [running])
