from django.core import mail

from caucus.audit.models import AuditEntry
from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, MemberStatus
from caucus.test import BaseTestCase


class CreateCoalitionTestCase(BaseTestCase):
    def data(self, **changes):
        data = {
            "organization": self.beta.pk,
            "name": "Southern Ports",
            "slug": "southern-ports",
            "description": "",
            "member_list": "public",
            "is_public": "on",
        }
        data.update(changes)
        return data

    def test_a_member_creates_one_and_becomes_coordinator(self):
        self.client.force_login(self.outsider)
        response = self.client.post("/coalitions/new/", self.data())
        self.assertRedirects(response, "/coalitions/southern-ports/", fetch_redirect_response=False)
        coalition = Coalition.objects.get(slug="southern-ports")
        self.assertTrue(
            Coordinator.objects.filter(coalition=coalition, user=self.outsider).exists()
        )
        membership = CoalitionMembership.objects.get(coalition=coalition)
        self.assertEqual((membership.organization, membership.status), (self.beta, "active"))
        self.assertIsNotNone(membership.joined_at)
        self.assertTrue(
            AuditEntry.objects.filter(coalition=coalition, action="coalition.created").exists()
        )

    def test_it_cannot_found_one_for_an_org_it_does_not_belong_to(self):
        self.client.force_login(self.outsider)
        response = self.client.post("/coalitions/new/", self.data(organization=self.alpha.pk))
        self.assertEqual(response.status_code, 400)
        self.assertIn("organization", response.context["form"].errors)
        self.assertFalse(Coalition.objects.filter(slug="southern-ports").exists())

    def test_it_refuses_a_taken_slug(self):
        self.client.force_login(self.outsider)
        response = self.client.post("/coalitions/new/", self.data(slug="united"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Coalition.objects.count(), 1)


class InviteOrganizationTestCase(BaseTestCase):
    def invite(self, org="beta"):
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/coalitions/united/invite/", {"organization": org})

    def test_coordinator_invites_and_org_admins_are_emailed(self):
        response = self.invite()
        self.assertRedirects(response, "/coalitions/united/", fetch_redirect_response=False)
        row = CoalitionMembership.objects.get(organization=self.beta)
        self.assertEqual(row.status, MemberStatus.INVITED)
        self.assertEqual([m.to for m in mail.outbox], [[self.outsider.email]])
        self.assertIn("United Coalition", mail.outbox[0].subject)

    def test_an_active_member_cannot_be_invited_again(self):
        response = self.invite(org="alpha")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(CoalitionMembership.objects.get(organization=self.alpha).status, "active")

    def test_admin_accepts_on_behalf_of_the_org(self):
        self.invite()
        self.client.force_login(self.outsider)
        self.assertContains(
            self.client.get("/dashboard/"),
            "<bdi>United Coalition</bdi> invites <bdi>Beta Union</bdi>",
        )
        response = self.client.post("/coalitions/united/respond/beta/", {"answer": "accept"})
        self.assertRedirects(response, "/coalitions/united/", fetch_redirect_response=False)
        row = CoalitionMembership.objects.get(organization=self.beta)
        self.assertEqual(row.status, MemberStatus.ACTIVE)
        self.assertIsNotNone(row.joined_at)
        entry = AuditEntry.objects.get(action="coalition.invitation_accepted")
        self.assertEqual((entry.coalition, entry.organization), (self.coalition, self.beta))

    def test_admin_declines(self):
        self.invite()
        self.client.force_login(self.outsider)
        self.client.post("/coalitions/united/respond/beta/", {"answer": "decline", "confirm": "1"})
        row = CoalitionMembership.objects.get(organization=self.beta)
        self.assertEqual(row.status, MemberStatus.DECLINED)
        self.assertIsNotNone(row.declined_at)

    def test_a_bad_answer_changes_nothing(self):
        self.invite()
        self.client.force_login(self.outsider)
        self.client.post("/coalitions/united/respond/beta/", {"answer": "maybe"})
        self.assertEqual(CoalitionMembership.objects.get(organization=self.beta).status, "invited")

    def test_an_org_leaves_and_can_be_invited_again(self):
        self.client.force_login(self.gamma_admin)
        self.client.post("/coalitions/united/leave/gamma/")
        row = CoalitionMembership.objects.get(organization=self.gamma)
        self.assertEqual(row.status, MemberStatus.LEFT)
        self.assertIsNotNone(row.left_at)
        self.invite(org="gamma")
        row.refresh_from_db()
        self.assertEqual(row.status, MemberStatus.INVITED)

    def test_coordinator_removes_a_member(self):
        self.client.force_login(self.coordinator)
        row = CoalitionMembership.objects.get(organization=self.gamma)
        self.client.post(f"/coalitions/united/members/{row.pk}/remove/")
        row.refresh_from_db()
        self.assertEqual(row.status, MemberStatus.LEFT)
        self.assertTrue(AuditEntry.objects.filter(action="coalition.org_removed").exists())


class VisibilityTestCase(BaseTestCase):
    def test_member_list_is_hidden_from_the_public_until_made_public(self):
        page = self.client.get("/c/united/")
        self.assertNotContains(page, "Gamma Union")
        self.assertContains(page, "2 member organizations")
        self.client.force_login(self.coordinator)
        response = self.client.post(
            "/coalitions/united/edit/",
            {
                "name": "United Coalition",
                "slug": "united",
                "description": "",
                "member_list": "public",
                "is_public": "on",
            },
        )
        self.assertRedirects(response, "/coalitions/united/", fetch_redirect_response=False)
        self.assertTrue(AuditEntry.objects.filter(action="coalition.visibility_changed").exists())
        self.client.logout()
        page = self.client.get("/c/united/")
        self.assertContains(page, "Gamma Union")
        self.assertContains(page, "Chile")

    def test_members_see_the_list_when_it_is_private(self):
        self.client.force_login(self.delegate)
        self.assertContains(self.client.get("/c/united/"), "Gamma Union")

    def test_members_of_other_orgs_do_not(self):
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get("/c/united/"), "Gamma Union")


class CoordinatorTestCase(BaseTestCase):
    def test_a_member_of_a_member_org_can_become_coordinator(self):
        self.client.force_login(self.coordinator)
        self.client.post("/coalitions/united/coordinators/add/", {"user": self.gamma_admin.pk})
        self.assertTrue(Coordinator.objects.filter(user=self.gamma_admin).exists())

    def test_an_outsider_cannot(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            "/coalitions/united/coordinators/add/", {"user": self.outsider.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Coordinator.objects.filter(user=self.outsider).exists())

    def test_the_last_coordinator_stays(self):
        self.client.force_login(self.coordinator)
        only = Coordinator.objects.get()
        self.client.post(f"/coalitions/united/coordinators/{only.pk}/remove/")
        self.assertTrue(Coordinator.objects.filter(pk=only.pk).exists())
