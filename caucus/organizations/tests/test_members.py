from django.utils import translation

from caucus.audit.models import AuditEntry
from caucus.organizations.models import Body, Membership, Role
from caucus.test import BaseTestCase


class ChangeRoleTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.org_admin)
        self.member = Membership.objects.get(user=self.delegate)

    def test_it_changes_the_role_and_logs_it(self):
        response = self.client.post(
            f"/orgs/alpha/members/{self.member.pk}/role/", {"role": "editor"}
        )
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        self.member.refresh_from_db()
        self.assertEqual(self.member.role, Role.EDITOR)
        entry = AuditEntry.objects.get(action="member.role_changed")
        self.assertEqual(entry.organization, self.alpha)
        self.assertEqual(entry.actor, self.org_admin)
        self.assertIn("Dave Delegate", entry.description())

    def test_htmx_gets_the_row_back(self):
        response = self.client.post(
            f"/orgs/alpha/members/{self.member.pk}/role/",
            {"role": "admin"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, f'id="member-{self.member.pk}"')
        self.assertNotContains(response, "<html")

    def test_it_refuses_an_unknown_role(self):
        self.client.post(f"/orgs/alpha/members/{self.member.pk}/role/", {"role": "owner"})
        self.member.refresh_from_db()
        self.assertEqual(self.member.role, Role.DELEGATE)
        self.assertFalse(AuditEntry.objects.exists())

    def test_it_keeps_the_last_admin(self):
        admin = Membership.objects.get(user=self.org_admin)
        response = self.client.post(
            f"/orgs/alpha/members/{admin.pk}/role/",
            {"role": "editor", "confirmed": "1"},
            follow=True,
        )
        self.assertContains(response, "at least one admin")
        admin.refresh_from_db()
        self.assertEqual(admin.role, Role.ADMIN)

    def test_it_cannot_reach_a_member_of_another_org(self):
        other = Membership.objects.get(user=self.outsider)
        response = self.client.post(f"/orgs/alpha/members/{other.pk}/role/", {"role": "editor"})
        self.assertEqual(response.status_code, 404)
        other.refresh_from_db()
        self.assertEqual(other.role, Role.ADMIN)


class RemoveMemberTestCase(BaseTestCase):
    def test_it_removes_and_logs(self):
        self.client.force_login(self.org_admin)
        member = Membership.objects.get(user=self.editor)
        self.client.post(f"/orgs/alpha/members/{member.pk}/remove/")
        self.assertFalse(Membership.objects.filter(pk=member.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="member.removed").exists())

    def test_the_last_admin_cannot_be_removed(self):
        self.client.force_login(self.org_admin)
        admin = Membership.objects.get(user=self.org_admin)
        self.client.post(f"/orgs/alpha/members/{admin.pk}/remove/")
        self.assertTrue(Membership.objects.filter(pk=admin.pk).exists())


class CreateBodyTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.org_admin)

    def test_it_creates_a_body_with_a_slug_from_its_name(self):
        response = self.client.post(
            "/orgs/alpha/bodies/new/",
            {"name": "Executive Committee", "slug": "", "description": ""},
        )
        self.assertRedirects(response, "/orgs/alpha/", fetch_redirect_response=False)
        body = Body.objects.get()
        self.assertEqual((body.organization, body.slug), (self.alpha, "executive-committee"))
        self.assertTrue(AuditEntry.objects.filter(action="body.created").exists())
        self.assertContains(self.client.get("/o/alpha/"), "Executive Committee")

    def test_it_refuses_a_duplicate_slug(self):
        Body.objects.create(organization=self.alpha, name="EC", slug="ec")
        response = self.client.post("/orgs/alpha/bodies/new/", {"name": "Other", "slug": "ec"})
        self.assertContains(response, "already has a body", status_code=400)
        self.assertEqual(Body.objects.count(), 1)

    def test_it_refuses_a_missing_name(self):
        response = self.client.post("/orgs/alpha/bodies/new/", {"name": "", "slug": ""})
        self.assertEqual(response.status_code, 400)
        self.assertIn("name", response.context["form"].errors)
        self.assertFalse(Body.objects.exists())


class AuditLanguageTestCase(BaseTestCase):
    def test_entries_are_shown_in_the_readers_language(self):
        self.client.force_login(self.org_admin)
        member = Membership.objects.get(user=self.delegate)
        self.client.post(
            f"/orgs/alpha/members/{member.pk}/role/",
            {"role": "editor"},
            headers={"accept-language": "es"},
        )
        entry = AuditEntry.objects.get(action="member.role_changed")
        self.assertEqual((entry.data["old_role"], entry.data["new_role"]), ("delegate", "editor"))
        with translation.override("en"):
            self.assertIn("from Delegate to Editor", entry.description())
        page = self.client.get("/orgs/alpha/audit/", headers={"accept-language": "es"})
        self.assertContains(page, "Editor")
        self.assertContains(page, "Delegado")
