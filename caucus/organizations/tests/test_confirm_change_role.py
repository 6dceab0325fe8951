"""Lowering a member's role asks first, on a page that names the person and what they lose
(issue 14): the member row's POST is sent to that page, a GET changes nothing, the page's
POST lowers the role, and only the organization's admins reach it. Raising a role still takes
one click."""

from caucus.organizations.models import Membership, Role
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'


class ChangeRoleConfirmationTestCase(PermissionMatrix, BaseTestCase):
    watched = ["organizations.Membership", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = Membership.objects.get(user=cls.editor)
        cls.url = f"/orgs/alpha/members/{cls.member.pk}/role/"

    def role(self) -> str:
        self.member.refresh_from_db()
        return self.member.role

    def test_a_get_names_the_person_and_what_they_lose(self):
        self.client.force_login(self.org_admin)
        page = self.client.get(self.url, {"role": "delegate"})
        self.assertContains(page, "Lower a member&#x27;s role")
        self.assertContains(
            page,
            "<bdi>Erin Editor</bdi> will be Delegate of <bdi>Alpha Union</bdi> instead of "
            "Editor, at once: they lose what only the Editor role may do.",
        )
        self.assertContains(page, '<input type="hidden" name="role" value="delegate">')
        self.assertContains(page, '<input type="hidden" name="confirmed" value="1">')
        self.assertContains(page, "Change the role to Delegate</button>")
        self.assertContains(page, 'href="/orgs/alpha/">Cancel</a>')
        self.assertEqual(self.role(), Role.EDITOR)

    def test_an_admin_lowering_their_own_role_is_told_they_cannot_take_it_back(self):
        self.client.force_login(self.org_admin)
        admin = Membership.objects.get(user=self.org_admin)
        page = self.client.get(f"/orgs/alpha/members/{admin.pk}/role/", {"role": "editor"})
        self.assertContains(page, "You will be Editor of <bdi>Alpha Union</bdi> instead of Admin")
        self.assertContains(page, "another admin of <bdi>Alpha Union</bdi> gives you the role")

    def test_the_member_rows_post_is_sent_to_the_confirmation(self):
        self.client.force_login(self.org_admin)
        response = self.client.post(self.url, {"role": "delegate"})
        self.assertRedirects(response, f"{self.url}?role=delegate")
        self.assertEqual(self.role(), Role.EDITOR)

    def test_htmx_is_sent_to_the_confirmation_page(self):
        self.client.force_login(self.org_admin)
        response = self.client.post(self.url, {"role": "delegate"}, headers={"HX-Request": "1"})
        self.assertEqual(response["HX-Redirect"], f"{self.url}?role=delegate")
        self.assertEqual(self.role(), Role.EDITOR)

    def test_the_pages_post_lowers_the_role(self):
        self.client.force_login(self.org_admin)
        response = self.client.post(self.url, {"role": "delegate", "confirmed": "1"})
        self.assertRedirects(response, "/orgs/alpha/")
        self.assertEqual(self.role(), Role.DELEGATE)

    def test_raising_a_role_needs_no_confirmation(self):
        self.client.force_login(self.org_admin)
        self.assertRedirects(self.client.post(self.url, {"role": "admin"}), "/orgs/alpha/")
        self.assertEqual(self.role(), Role.ADMIN)
        # There is nothing to confirm, so the page sends the reader back.
        self.assertRedirects(self.client.get(self.url, {"role": "admin"}), "/orgs/alpha/")

    def test_only_the_organizations_admins_see_the_page_and_lower_the_role(self):
        admins = expect(403, anonymous=LOGIN, org_admin=OK)
        self.check("get", f"{self.url}?role=delegate", admins, contains=CONFIRM)
        confirmed = {"role": "delegate", "confirmed": "1"}
        self.check("post", self.url, admins, confirmed)
