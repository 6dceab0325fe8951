"""An organization leaving a coalition asks first, on a page that names both and says how to
come back (issue 14): a GET changes nothing, the page's POST leaves, and only the
organization's admins see the page."""

from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'
URL = "/coalitions/united/leave/alpha/"


class LeaveConfirmationTestCase(PermissionMatrix, BaseTestCase):
    watched = ["coalitions.CoalitionMembership", "audit.AuditEntry"]
    watched_on_reads = True

    def row(self) -> CoalitionMembership:
        return CoalitionMembership.objects.get(organization=self.alpha)

    def test_a_get_says_what_leaving_means_and_changes_nothing(self):
        self.client.force_login(self.org_admin)
        page = self.client.get(URL)
        self.assertContains(page, "Leave a coalition")
        self.assertContains(
            page, "<bdi>Alpha Union</bdi> will no longer be a member of <bdi>United Coalition</bdi>"
        )
        self.assertContains(page, "invites <bdi>Alpha Union</bdi> again")
        self.assertContains(page, "Leave <bdi>United Coalition</bdi></button>")
        self.assertContains(page, 'href="/orgs/alpha/">Cancel</a>')
        self.assertEqual(self.row().status, MemberStatus.ACTIVE)

    def test_the_organization_page_links_to_the_confirmation(self):
        self.client.force_login(self.org_admin)
        page = self.client.get("/orgs/alpha/")
        self.assertContains(page, f'href="{URL}"')
        self.assertNotContains(page, f'action="{URL}"')

    def test_the_pages_post_leaves(self):
        self.client.force_login(self.org_admin)
        self.assertRedirects(self.client.post(URL), "/orgs/alpha/")
        self.assertEqual(self.row().status, MemberStatus.LEFT)

    def test_only_the_organizations_admins_see_the_page(self):
        """Alpha's admin for alpha; gamma's admin leaves for gamma, never for alpha."""
        self.check("get", URL, expect(403, anonymous=LOGIN, org_admin=OK), contains=CONFIRM)
        gamma = expect(403, anonymous=LOGIN, gamma_admin=OK)
        self.check("get", "/coalitions/united/leave/gamma/", gamma, contains=CONFIRM)
        self.check("post", URL, expect(403, anonymous=LOGIN, org_admin=OK))
