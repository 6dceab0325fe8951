"""campaigns.selectors: hosts' proposals for coordinators, an organization's actions."""

from datetime import timedelta

from django.utils import timezone

from caucus.campaigns.models import Approval, Event
from caucus.campaigns.selectors import host_proposals_to_review, public_actions_of
from caucus.test import BaseTestCase
from caucus.testing.needs import host_proposal


class HostProposalsTestCase(BaseTestCase):
    def test_only_the_coordinators_see_the_waiting_proposals(self):
        proposal = host_proposal(self.coalition)
        self.assertEqual(list(host_proposals_to_review(self.coordinator)), [proposal])
        for user in (self.delegate, self.org_admin, self.gamma_admin, self.outsider):
            self.assertEqual(list(host_proposals_to_review(user)), [], user)
        proposal.approval = Approval.APPROVED
        proposal.save()
        self.assertEqual(list(host_proposals_to_review(self.coordinator)), [])


class PublicActionsTestCase(BaseTestCase):
    def event(self, days: int, **fields) -> Event:
        starts = timezone.now() + timedelta(days=days)
        return Event.objects.create(
            organization=self.alpha,
            title=f"Action {days}",
            kind="rally",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            time_zone="Europe/Istanbul",
            city="Istanbul",
            country="TR",
            **fields,
        )

    def test_upcoming_soonest_first_and_past_latest_first(self):
        later, sooner = self.event(9), self.event(2)
        long_ago, recent = self.event(-30), self.event(-3)
        self.event(5, approval=Approval.PENDING)
        self.assertEqual(list(public_actions_of(self.alpha, upcoming=True)), [sooner, later])
        self.assertEqual(list(public_actions_of(self.alpha, upcoming=False)), [recent, long_ago])
