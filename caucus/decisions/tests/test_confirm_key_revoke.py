"""Revoking a ballot key asks first, on a page of its own that names the device and the key
(issue 14): a GET or a plain visit changes nothing, the page's POST revokes, and only who may
revoke the key sees the page."""

from caucus.decisions.models import BallotKey, BallotKeyState
from caucus.decisions.services import ballot_keys
from caucus.decisions.tests.test_ballot_keys import new_public
from caucus.lib.bidi import isolated
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'


class KeyRevokeConfirmationTestCase(PermissionMatrix, BaseTestCase):
    watched = ["decisions.BallotKey", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.key = ballot_keys.key_register(
            organization=cls.alpha,
            actor=cls.delegate,
            label="Dave's laptop",
            public_key=new_public(),
        )
        cls.url = f"/orgs/alpha/ballot-keys/{cls.key.pk}/revoke/"

    def test_a_get_names_the_key_and_revokes_nothing(self):
        self.client.force_login(self.delegate)
        page = self.client.get(self.url)
        self.assertContains(page, "Revoke a ballot key")
        key = isolated(self.key.key_id)  # a <bdi>, unless the id happens to be all digits
        self.assertContains(page, f"<bdi>Dave&#x27;s laptop</bdi> (key {key})")
        self.assertContains(
            page, "No ballot signed with this key is accepted for <bdi>Alpha Union</bdi>"
        )
        self.assertContains(page, 'href="/orgs/alpha/ballot-keys/">Cancel</a>')
        self.key.refresh_from_db()
        self.assertEqual(self.key.state, BallotKeyState.PENDING)

    def test_the_key_list_links_to_the_confirmation(self):
        self.client.force_login(self.delegate)
        page = self.client.get("/orgs/alpha/ballot-keys/")
        self.assertContains(page, f'href="{self.url}"')
        self.assertNotContains(page, f'action="{self.url}"')

    def test_the_pages_post_revokes(self):
        self.client.force_login(self.org_admin)
        self.assertRedirects(self.client.post(self.url), "/orgs/alpha/ballot-keys/")
        self.key.refresh_from_db()
        self.assertEqual((self.key.state, self.key.revoked_by), ("revoked", self.org_admin))

    def test_only_the_holder_and_an_admin_see_the_page(self):
        """As for the POST: another delegate (the coordinator is one) or an editor → 403,
        no second factor → 403, another organization or the operator → 403."""
        may = expect(403, anonymous=LOGIN, delegate=OK, org_admin=OK)
        self.check("get", self.url, may, contains=CONFIRM)
        self.check("post", self.url, may)
        self.assertEqual(BallotKey.objects.get().state, BallotKeyState.PENDING)
