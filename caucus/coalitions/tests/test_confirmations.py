"""Removals ask first, on a page of their own (caucus/lib/confirm.py): a GET shows what will
happen and changes nothing, for every role; the page's own POST acts; lists link to it.

Covers the coalition's member organizations and coordinators, an organization's members and
personal API tokens.
"""

from caucus.api.models import ApiToken
from caucus.audit.models import AuditEntry
from caucus.coalitions.models import CoalitionMembership, Coordinator, MemberStatus
from caucus.organizations.models import Membership
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

COORDINATORS = ("coordinator", "gamma_admin")  # gamma's admin is made a second coordinator here
CONFIRM = '<form method="post" class="stack confirm-form">'


class ConfirmationTestCase(PermissionMatrix, BaseTestCase):
    watched = [
        "accounts.User",
        "organizations.Membership",
        "organizations.Invitation",
        "coalitions.CoalitionMembership",
        "coalitions.Coordinator",
        "api.ApiToken",
        "audit.AuditEntry",
    ]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gamma_row = CoalitionMembership.objects.get(organization=cls.gamma)
        cls.beta_row = CoalitionMembership.objects.create(
            coalition=cls.coalition, organization=cls.beta, status=MemberStatus.INVITED
        )
        cls.second = Coordinator.objects.create(coalition=cls.coalition, user=cls.gamma_admin)
        cls.editor_row = Membership.objects.get(user=cls.editor)

    def check_get(self, url: str, *allowed: str, nomfa: int = 403) -> None:
        """Only the `allowed` roles see the page; nobody's GET changes anything."""
        expected = expect(403, anonymous=LOGIN, nomfa=nomfa, **dict.fromkeys(allowed, OK))
        self.check("get", url, expected, contains=CONFIRM)

    def test_removing_a_member_organization_asks_first(self):
        url = f"/coalitions/united/members/{self.gamma_row.pk}/remove/"
        self.check_get(url, *COORDINATORS)
        self.client.force_login(self.coordinator)
        page = self.client.get(url)
        self.assertContains(page, "Remove a member organization")
        self.assertContains(
            page, "<bdi>Gamma Union</bdi> will no longer be a member of <bdi>United Coalition</bdi>"
        )
        self.assertContains(page, "invite it again")
        self.client.post(url)
        self.gamma_row.refresh_from_db()
        self.assertEqual(self.gamma_row.status, MemberStatus.LEFT)
        self.assertTrue(AuditEntry.objects.filter(action="coalition.org_removed").exists())

    def test_withdrawing_an_invitation_says_so(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(f"/coalitions/united/members/{self.beta_row.pk}/remove/")
        self.assertContains(page, "Withdraw the invitation")
        self.assertContains(
            page,
            "<bdi>Beta Union</bdi> will no longer be able to join <bdi>United Coalition</bdi>.",
        )

    def test_the_workspace_links_to_the_confirmation_and_offers_to_invite_again(self):
        self.client.force_login(self.coordinator)
        url = f"/coalitions/united/members/{self.gamma_row.pk}/remove/"
        page = self.client.get("/coalitions/united/")
        self.assertContains(
            page, f'<a class="button secondary" href="{url}">Remove <bdi>GAMMA</bdi>…</a>'
        )
        self.assertNotContains(page, f'action="{url}"')
        self.client.post(url)
        page = self.client.get("/coalitions/united/")
        self.assertContains(page, "Invite again")
        # The undo: one click invites the removed organization again.
        self.client.post("/coalitions/united/invite/", {"organization": "gamma"})
        self.gamma_row.refresh_from_db()
        self.assertEqual(self.gamma_row.status, MemberStatus.INVITED)

    def test_removing_a_coordinator_asks_first(self):
        url = f"/coalitions/united/coordinators/{self.second.pk}/remove/"
        self.check_get(url, *COORDINATORS)
        self.client.force_login(self.coordinator)
        page = self.client.get(url)
        self.assertContains(
            page, "<bdi>Gina Gamma</bdi> will no longer coordinate <bdi>United Coalition</bdi>"
        )
        page = self.client.get("/coalitions/united/")
        self.assertContains(page, f'href="{url}"')
        self.assertNotContains(page, f'action="{url}"')
        self.client.post(url)
        self.assertFalse(Coordinator.objects.filter(pk=self.second.pk).exists())

    def test_removing_a_person_from_an_organization_asks_first(self):
        url = f"/orgs/alpha/members/{self.editor_row.pk}/remove/"
        self.check_get(url, "org_admin")
        self.client.force_login(self.org_admin)
        page = self.client.get(url)
        self.assertContains(
            page, "<bdi>Erin Editor</bdi> will no longer be a member of <bdi>Alpha Union</bdi>"
        )
        page = self.client.get("/orgs/alpha/")
        self.assertContains(page, f'href="{url}"')
        self.assertNotContains(page, f'action="{url}"')
        self.client.post(url)
        self.assertFalse(Membership.objects.filter(pk=self.editor_row.pk).exists())

    def test_removing_oneself_says_you_leave(self):
        own = Membership.objects.get(user=self.org_admin)
        self.client.force_login(self.org_admin)
        page = self.client.get(f"/orgs/alpha/members/{own.pk}/remove/")
        self.assertContains(page, "You will leave <bdi>Alpha Union</bdi> at once")


class TokenRevokeConfirmationTestCase(BaseTestCase):
    def setUp(self):
        self.token, _secret = ApiToken.issue(user=self.delegate, name="Newsletter sync")
        self.url = f"/api/tokens/{self.token.pk}/revoke/"

    def test_revoking_asks_first(self):
        self.client.force_login(self.delegate)
        page = self.client.get(self.url)
        self.assertContains(page, "Revoke an API token")
        self.assertContains(page, "Newsletter sync")
        self.token.refresh_from_db()
        self.assertTrue(self.token.is_active)
        listing = self.client.get("/api/tokens/")
        self.assertContains(listing, f'href="{self.url}"')
        self.assertNotContains(listing, f'action="{self.url}"')
        self.client.post(self.url)
        self.token.refresh_from_db()
        self.assertFalse(self.token.is_active)

    def test_another_persons_token_is_not_found(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.token.refresh_from_db()
        self.assertTrue(self.token.is_active)
