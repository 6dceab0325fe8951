"""The operators' admin shows an organization's people and roles but never changes them:
invitations and role changes go through the organization's pages, which audit them and tell
the person (issue 18)."""

from caucus.audit.models import AuditEntry
from caucus.organizations.models import Membership
from caucus.test import BaseTestCase
from caucus.testing.admin import post_back


class OrganizationAdminTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.operator)
        self.url = f"/admin/organizations/organization/{self.alpha.pk}/change/"

    def test_it_shows_the_people_and_their_roles_without_inputs(self):
        page = self.client.get(self.url)
        self.assertContains(page, f"/admin/accounts/user/{self.delegate.pk}/change/")
        self.assertNotContains(page, 'name="memberships-0-role"')
        self.assertNotContains(page, 'name="memberships-0-DELETE"')

    def test_a_posted_role_or_person_changes_nothing(self):
        before = list(Membership.objects.order_by("pk").values())
        audit = AuditEntry.objects.count()
        total = self.alpha.memberships.count()
        extra = {
            "memberships-TOTAL_FORMS": str(total + 1),
            f"memberships-{total}-user": str(self.outsider.pk),
            f"memberships-{total}-role": "admin",
            "memberships-0-role": "admin",
            "memberships-0-DELETE": "on",
        }
        response = post_back(self.client, self.url, extra)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Membership.objects.order_by("pk").values()), before)
        self.assertEqual(AuditEntry.objects.count(), audit)
