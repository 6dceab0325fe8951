"""Revoking an invitation to an organization asks first, on a page that names the address
(issue 14): a GET changes nothing, the page's POST revokes, and only the organization's
admins see the page."""

from caucus.organizations.models import Invitation, InvitationState
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'


class RevokeInvitationConfirmationTestCase(PermissionMatrix, BaseTestCase):
    watched = ["organizations.Invitation", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.invitation = Invitation.objects.create(
            organization=cls.alpha,
            email="new@example.net",
            role="delegate",
            invited_by=cls.org_admin,
        )
        cls.url = f"/orgs/alpha/invitations/{cls.invitation.pk}/revoke/"

    def test_a_get_names_the_address_and_revokes_nothing(self):
        self.client.force_login(self.org_admin)
        page = self.client.get(self.url)
        self.assertContains(page, "Revoke an invitation")
        self.assertContains(
            page,
            "The link sent to <bdi>new@example.net</bdi> stops working: nobody can join "
            "<bdi>Alpha Union</bdi> with it any more.",
        )
        self.assertContains(page, 'href="/orgs/alpha/">Cancel</a>')
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.state, InvitationState.PENDING)

    def test_the_organization_page_links_to_the_confirmation(self):
        self.client.force_login(self.org_admin)
        page = self.client.get("/orgs/alpha/")
        self.assertContains(page, f'href="{self.url}"')
        self.assertNotContains(page, f'action="{self.url}"')

    def test_the_pages_post_revokes(self):
        self.client.force_login(self.org_admin)
        self.assertRedirects(self.client.post(self.url), "/orgs/alpha/")
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.state, InvitationState.REVOKED)

    def test_only_the_organizations_admins_see_the_page(self):
        admins = expect(403, anonymous=LOGIN, org_admin=OK)
        self.check("get", self.url, admins, contains=CONFIRM)
        self.check("post", self.url, admins)
