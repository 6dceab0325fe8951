"""Declining a coalition's invitation asks first, on a page that names the coalition and the
organization and says how to undo it (issue 14); accepting still acts at once. A GET, or the
dashboard's Decline button (a POST without `confirm`), changes nothing; the page's POST
declines; only the invited organization's admins see the page."""

from django.utils import timezone

from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'
URL = "/coalitions/united/respond/beta/"
SENTENCE = "<bdi>Beta Union</bdi> will not join <bdi>United Coalition</bdi>"


class DeclineInvitationConfirmationTestCase(PermissionMatrix, BaseTestCase):
    watched = ["coalitions.CoalitionMembership", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        CoalitionMembership.objects.create(
            coalition=cls.coalition,
            organization=cls.beta,
            status=MemberStatus.INVITED,
            invited_at=timezone.now(),
            invited_by=cls.coordinator,
        )

    def row(self) -> CoalitionMembership:
        return CoalitionMembership.objects.get(organization=self.beta)

    def test_a_get_says_what_declining_means_and_changes_nothing(self):
        self.client.force_login(self.outsider)
        page = self.client.get(URL)
        self.assertContains(page, "Decline an invitation")
        self.assertContains(page, SENTENCE)
        self.assertContains(page, "can invite <bdi>Beta Union</bdi> again")
        self.assertContains(page, 'name="confirm"')
        self.assertContains(page, 'href="/dashboard/">Cancel</a>')
        self.assertEqual(self.row().status, MemberStatus.INVITED)

    def test_the_dashboards_decline_button_leads_to_the_page_and_changes_nothing(self):
        self.client.force_login(self.outsider)
        page = self.client.post(URL, {"answer": "decline"})
        self.assertContains(page, SENTENCE)
        self.assertEqual(self.row().status, MemberStatus.INVITED)
        self.assertIsNone(self.row().declined_at)

    def test_the_pages_post_declines(self):
        self.client.force_login(self.outsider)
        response = self.client.post(URL, {"answer": "decline", "confirm": "1"})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.assertEqual(self.row().status, MemberStatus.DECLINED)
        self.assertIsNotNone(self.row().declined_at)

    def test_accepting_still_acts_at_once(self):
        self.client.force_login(self.outsider)
        self.client.post(URL, {"answer": "accept"})
        self.assertEqual(self.row().status, MemberStatus.ACTIVE)

    def test_an_answered_invitation_has_no_page(self):
        CoalitionMembership.objects.filter(organization=self.beta).update(
            status=MemberStatus.DECLINED
        )
        self.client.force_login(self.outsider)
        self.assertRedirects(self.client.get(URL), "/dashboard/", fetch_redirect_response=False)

    def test_only_the_invited_organizations_admins_see_the_page(self):
        beta_admins = expect(403, anonymous=LOGIN, outsider=OK)
        self.check("get", URL, beta_admins, contains=CONFIRM)
        self.check("post", URL, beta_admins, {"answer": "decline"}, allowed=200, changes=False)
        self.check("post", URL, beta_admins, {"answer": "decline", "confirm": "1"})
