"""Organizations sign a version, re-confirm after a revision, withdraw, or ask to co-sign."""

from caucus.audit.models import AuditEntry
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.tests.helpers import SignaturesTestCase, make_statement, publish_new_version
from caucus.statements.models import Status


class OrgSignTestCase(SignaturesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_statement(slug="draft-text", coalition=cls.coalition, status=Status.OPEN)

    def post(self, user, url, data=None):
        self.client.force_login(user)
        return self.client.post(url, data or {})

    def test_a_delegate_signs_the_current_version_before_publication(self):
        response = self.post(
            self.delegate, "/s/draft-text/sign/organization/", {"organization": "alpha"}
        )
        self.assertEqual(response.status_code, 302)
        signature = OrganizationSignature.objects.get()
        self.assertEqual(
            (signature.organization, signature.state, signature.version.number, signature.initial),
            (self.alpha, OrgState.SIGNED, 1, True),
        )
        entry = AuditEntry.objects.get(action="signature.org_signed", organization=self.alpha)
        self.assertEqual(entry.data["version"], "1")
        self.assertTrue(AuditEntry.objects.filter(coalition=self.coalition).exists())

    def test_after_publication_members_are_later_signatories(self):
        self.post(self.gamma_admin, "/s/declaration/sign/organization/", {"organization": "gamma"})
        signature = OrganizationSignature.objects.get()
        self.assertEqual(signature.state, OrgState.SIGNED)
        self.assertFalse(signature.initial)

    def test_a_new_version_asks_for_reconfirmation(self):
        self.post(self.delegate, "/s/declaration/sign/organization/", {"organization": "alpha"})
        publish_new_version(self.statement)
        self.client.force_login(self.delegate)
        page = self.client.get("/s/declaration/sign/")  # any page; the block is on the statement
        self.assertEqual(page.status_code, 200)
        signature = OrganizationSignature.objects.get()
        self.assertTrue(signature.is_outdated(self.statement))
        response = self.post(self.delegate, "/s/declaration/sign/organization/alpha/reconfirm/")
        self.assertEqual(response.status_code, 302)
        signature.refresh_from_db()
        self.assertEqual(signature.version.number, 2)
        entry = AuditEntry.objects.get(action="signature.org_reconfirmed", organization=self.alpha)
        self.assertEqual((entry.data["old_version"], entry.data["version"]), ("1", "2"))

    def test_reconfirming_a_current_signature_changes_nothing(self):
        self.post(self.delegate, "/s/declaration/sign/organization/", {"organization": "alpha"})
        before = AuditEntry.objects.count()
        self.post(self.delegate, "/s/declaration/sign/organization/alpha/reconfirm/")
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_withdrawal_is_recorded(self):
        self.post(self.delegate, "/s/declaration/sign/organization/", {"organization": "alpha"})
        self.post(self.delegate, "/s/declaration/sign/organization/alpha/withdraw/")
        self.assertEqual(OrganizationSignature.objects.get().state, OrgState.WITHDRAWN)
        self.assertTrue(AuditEntry.objects.filter(action="signature.org_withdrawn").exists())
        # and may sign again later
        self.post(self.delegate, "/s/declaration/sign/organization/", {"organization": "alpha"})
        self.assertEqual(OrganizationSignature.objects.get().state, OrgState.SIGNED)

    def test_signing_twice_is_refused_and_changes_nothing(self):
        self.post(self.delegate, "/s/declaration/sign/organization/", {"organization": "alpha"})
        before = AuditEntry.objects.count()
        self.post(self.delegate, "/s/declaration/sign/organization/", {"organization": "alpha"})
        self.assertEqual(AuditEntry.objects.count(), before)
        self.assertEqual(OrganizationSignature.objects.count(), 1)

    def test_a_non_member_asks_and_a_coordinator_approves(self):
        self.post(self.outsider, "/s/declaration/sign/organization/", {"organization": "beta"})
        request = OrganizationSignature.objects.get()
        self.assertEqual(request.state, OrgState.REQUESTED)
        self.client.force_login(self.coordinator)
        manage = self.client.get("/s/declaration/signatures/manage/")
        self.assertContains(manage, "Beta Union")
        self.post(
            self.coordinator, f"/s/declaration/signatures/manage/requests/{request.pk}/approve/"
        )
        request.refresh_from_db()
        self.assertEqual(request.state, OrgState.SIGNED)
        self.assertEqual(request.decided_by, self.coordinator)
        self.assertTrue(AuditEntry.objects.filter(action="signature.org_approved").exists())

    def test_a_coordinator_declines(self):
        self.post(self.outsider, "/s/declaration/sign/organization/", {"organization": "beta"})
        request = OrganizationSignature.objects.get()
        self.post(
            self.coordinator, f"/s/declaration/signatures/manage/requests/{request.pk}/decline/"
        )
        request.refresh_from_db()
        self.assertEqual(request.state, OrgState.DECLINED)

    def test_non_members_cannot_see_a_statement_before_publication(self):
        response = self.post(
            self.outsider, "/s/draft-text/sign/organization/", {"organization": "beta"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(OrganizationSignature.objects.exists())

    def test_an_organization_statements_admins_decide(self):
        statement = make_statement(slug="alpha-says", organization=self.alpha)
        self.post(self.outsider, "/s/alpha-says/sign/organization/", {"organization": "beta"})
        request = OrganizationSignature.objects.get(statement=statement)
        self.assertEqual(request.state, OrgState.REQUESTED)
        refused = self.post(
            self.coordinator, f"/s/alpha-says/signatures/manage/requests/{request.pk}/approve/"
        )
        self.assertEqual(refused.status_code, 403)
        self.post(self.org_admin, f"/s/alpha-says/signatures/manage/requests/{request.pk}/approve/")
        request.refresh_from_db()
        self.assertEqual(request.state, OrgState.SIGNED)

    def test_the_public_block_lists_initial_and_later_signatories_by_country(self):
        from django.template import Context, Template

        OrganizationSignature.objects.create(
            statement=self.statement,
            organization=self.alpha,
            version=self.statement.published_version,
            state=OrgState.SIGNED,
            initial=True,
        )
        OrganizationSignature.objects.create(
            statement=self.statement,
            organization=self.gamma,
            version=self.statement.published_version,
            state=OrgState.SIGNED,
            initial=False,
        )
        html = Template('{% include "signatures/_statement_block.html" %}').render(
            Context({"statement": self.statement})
        )
        self.assertIn("Initial signatories", html)
        self.assertIn("Also signed by", html)
        self.assertLess(html.index("Alpha Union"), html.index("Also signed by"))
        self.assertGreater(html.index("Gamma Union"), html.index("Also signed by"))
        self.assertIn("Türkiye", html)

    def test_members_find_the_signing_page_before_publication(self):
        self.client.force_login(self.delegate)
        response = self.client.get("/s/draft-text/sign/organization/")
        self.assertContains(response, "Sign for <bdi>ALPHA</bdi>")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/s/draft-text/sign/organization/").status_code, 403)
