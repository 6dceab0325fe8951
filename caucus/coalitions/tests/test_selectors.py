"""coalitions.selectors and organizations.selectors: a person's coalitions with their role,
and the invitations waiting for an answer."""

from datetime import timedelta

from django.utils import timezone

from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.coalitions.selectors import coalitions_for, invitations_to_answer
from caucus.organizations.models import Invitation
from caucus.organizations.selectors import invitations_for
from caucus.test import BaseTestCase


class CoalitionsForTestCase(BaseTestCase):
    def test_coordinators_are_told_so(self):
        [row] = coalitions_for(self.coordinator)
        self.assertTrue(row.coordinating)
        [row] = coalitions_for(self.delegate)
        self.assertFalse(row.coordinating)
        self.assertEqual(list(coalitions_for(self.outsider)), [])


class InvitationsTestCase(BaseTestCase):
    def test_only_admins_answer_coalition_invitations(self):
        row = CoalitionMembership.objects.create(
            coalition=self.coalition, organization=self.beta, status=MemberStatus.INVITED
        )
        self.assertEqual(list(invitations_to_answer(self.outsider)), [row])
        self.assertEqual(list(invitations_to_answer(self.delegate)), [])

    def test_invitations_to_the_persons_address_that_still_work(self):
        live = Invitation.objects.create(
            organization=self.gamma, email="DELEGATE@example.org", role="editor"
        )
        Invitation.objects.create(
            organization=self.beta,
            email=self.delegate.email,
            role="editor",
            revoked_at=timezone.now(),
        )
        old = Invitation.objects.create(
            organization=self.beta, email=self.delegate.email, role="editor"
        )
        Invitation.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=60))
        Invitation.objects.create(organization=self.alpha, email=self.delegate.email, role="admin")
        [item] = invitations_for(self.delegate)
        self.assertEqual(item.invitation, live)
        self.assertTrue(item.link.startswith("/invitations/"))
        self.client.force_login(self.delegate)
        self.assertContains(self.client.get(item.link), "Gamma Union")
