"""The operators' admin shows a coalition's members and coordinators but never changes them:
invitations, joining, leaving and naming coordinators go through the services, which audit
them and tell the people concerned (issue 18)."""

from caucus.audit.models import AuditEntry
from caucus.coalitions.models import CoalitionMembership, Coordinator
from caucus.test import BaseTestCase
from caucus.testing.admin import post_back


class CoalitionAdminTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.operator)
        self.url = f"/admin/coalitions/coalition/{self.coalition.pk}/change/"

    def test_it_shows_members_and_coordinators_without_inputs(self):
        page = self.client.get(self.url)
        self.assertContains(page, self.alpha.name)
        self.assertContains(page, f"/admin/accounts/user/{self.coordinator.pk}/change/")
        self.assertNotContains(page, 'name="coordinators-0-user"')
        self.assertNotContains(page, 'name="memberships-0-status"')
        self.assertNotContains(page, 'name="memberships-0-DELETE"')

    def test_a_posted_coordinator_or_membership_changes_nothing(self):
        members = list(CoalitionMembership.objects.order_by("pk").values())
        coordinators = list(Coordinator.objects.order_by("pk").values())
        audit = AuditEntry.objects.count()
        extra = {
            "coordinators-TOTAL_FORMS": "2",
            "coordinators-1-user": str(self.outsider.pk),
            "coordinators-0-DELETE": "on",
            "memberships-0-status": "left",
            "memberships-0-DELETE": "on",
        }
        response = post_back(self.client, self.url, extra)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(CoalitionMembership.objects.order_by("pk").values()), members)
        self.assertEqual(list(Coordinator.objects.order_by("pk").values()), coordinators)
        self.assertEqual(AuditEntry.objects.count(), audit)
