"""Withdrawing an organization's signature or its request to co-sign, and declining a request
to co-sign, ask first on a page of their own (issue 14): a GET changes nothing and says what
will happen, the page's POST acts, and only who may act sees the page."""

from caucus.signatures import services
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.test import LOGIN, OK, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'
WITHDRAW_ALPHA = "/s/declaration/sign/organization/alpha/withdraw/"
WITHDRAW_BETA = "/s/declaration/sign/organization/beta/withdraw/"
# alpha's people who act for it (a delegate or higher, with a second factor)
ALPHA_SIGNERS = expect(403, anonymous=LOGIN, delegate=OK, editor=OK, org_admin=OK, coordinator=OK)


class OrgSignatureConfirmationTestCase(PermissionMatrix, SignaturesTestCase):
    watched = ["signatures.OrganizationSignature", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.signed = services.organization_sign(
            statement=cls.statement, organization=cls.alpha, actor=cls.delegate
        )
        cls.requested = services.organization_sign(
            statement=cls.statement, organization=cls.beta, actor=cls.outsider
        )
        cls.decline = f"/s/declaration/signatures/manage/requests/{cls.requested.pk}/decline/"

    def state(self, signature: OrganizationSignature) -> str:
        signature.refresh_from_db()
        return signature.state

    def test_withdrawing_a_signature_asks_first(self):
        self.client.force_login(self.delegate)
        page = self.client.get(WITHDRAW_ALPHA)
        self.assertContains(page, "Withdraw a signature")
        self.assertContains(
            page,
            "<bdi>Alpha Union</bdi> will no longer sign “<bdi>Declaration declaration</bdi>”",
        )
        self.assertContains(page, "You can sign again")
        self.assertContains(page, 'href="/s/declaration/">Cancel</a>')
        self.assertEqual(self.state(self.signed), OrgState.SIGNED)
        self.client.post(WITHDRAW_ALPHA)
        self.assertEqual(self.state(self.signed), OrgState.WITHDRAWN)

    def test_withdrawing_a_request_to_co_sign_asks_first(self):
        self.client.force_login(self.outsider)
        page = self.client.get(WITHDRAW_BETA)
        self.assertContains(page, "Withdraw a request to co-sign")
        self.assertContains(
            page,
            "The coordinators will no longer be asked to let <bdi>Beta Union</bdi> co-sign",
        )
        self.assertEqual(self.state(self.requested), OrgState.REQUESTED)
        self.client.post(WITHDRAW_BETA)
        self.assertEqual(self.state(self.requested), OrgState.WITHDRAWN)

    def test_the_statement_links_to_the_withdrawal_pages(self):
        for user, url in ((self.delegate, WITHDRAW_ALPHA), (self.outsider, WITHDRAW_BETA)):
            self.client.force_login(user)
            page = self.client.get("/s/declaration/")
            self.assertContains(page, f'href="{url}"')
            self.assertNotContains(page, f'action="{url}"')

    def test_declining_a_request_asks_first(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.decline)
        self.assertContains(page, "Decline a request to co-sign")
        self.assertContains(
            page,
            "<bdi>Beta Union</bdi> will not co-sign “<bdi>Declaration declaration</bdi>”; "
            "whoever asked for it is told by email.",
        )
        self.assertContains(page, 'href="/s/declaration/signatures/manage/">Cancel</a>')
        self.assertEqual(self.state(self.requested), OrgState.REQUESTED)
        manage = self.client.get("/s/declaration/signatures/manage/")
        self.assertContains(manage, f'href="{self.decline}"')
        self.assertNotContains(manage, f'action="{self.decline}"')
        self.client.post(self.decline)
        self.assertEqual(self.state(self.requested), OrgState.DECLINED)

    def test_approving_still_takes_a_post(self):
        self.client.force_login(self.coordinator)
        approve = self.decline.replace("/decline/", "/approve/")
        self.assertEqual(self.client.get(approve).status_code, 405)
        self.assertEqual(self.state(self.requested), OrgState.REQUESTED)

    def test_who_sees_each_page(self):
        """The same people as for the action: who acts for the organization, and the
        coalition's coordinators for a request to co-sign."""
        self.check("get", WITHDRAW_ALPHA, ALPHA_SIGNERS, contains=CONFIRM)
        self.check("post", WITHDRAW_ALPHA, ALPHA_SIGNERS)
        beta = expect(403, anonymous=LOGIN, outsider=OK)
        self.check("get", WITHDRAW_BETA, beta, contains=CONFIRM)
        coordinators = expect(403, anonymous=LOGIN, coordinator=OK)
        self.check("get", self.decline, coordinators, contains=CONFIRM)
        self.check("post", self.decline, coordinators)

    def test_a_page_for_nothing_left_to_withdraw_goes_back(self):
        services.organization_withdraw(signature=self.signed, actor=self.delegate)
        self.client.force_login(self.delegate)
        self.assertRedirects(self.client.get(WITHDRAW_ALPHA), "/s/declaration/")
