"""The page at /api/tokens/ where a person creates and revokes their personal API tokens."""

import re

from caucus.api.models import ApiToken, hash_secret
from caucus.test import BaseTestCase, Client


def shown_secret(response) -> str:
    match = re.search(r'id="new-token" type="text" value="([^"]+)"', response.content.decode())
    assert match, "the page shows no new token"
    return match.group(1)


class TokenPageTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.delegate)

    def test_it_requires_sign_in(self):
        response = Client().get("/api/tokens/")
        self.assertRedirects(
            response, "/accounts/login/?next=/api/tokens/", fetch_redirect_response=False
        )

    def test_it_creates_a_token_and_shows_the_secret_once(self):
        response = self.client.post("/api/tokens/", {"name": "Newsletter sync"})
        self.assertEqual(response.status_code, 200)
        secret = shown_secret(response)
        token = ApiToken.objects.get(user=self.delegate)
        self.assertEqual((token.name, token.prefix), ("Newsletter sync", secret[:8]))
        self.assertEqual(token.token_hash, hash_secret(secret))
        self.assertIn("no-store", response["Cache-Control"])
        page = self.client.get("/api/tokens/")
        self.assertContains(page, "Newsletter sync")
        self.assertContains(page, secret[:8])
        self.assertNotContains(page, secret)

    def test_the_new_token_works_on_the_api(self):
        secret = shown_secret(self.client.post("/api/tokens/", {"name": "cli"}))
        response = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me")
        self.assertEqual(response.json()["email"], "delegate@example.org")

    def test_it_needs_a_second_factor_to_create(self):
        self.client.force_login(self.nomfa)
        page = self.client.get("/api/tokens/")
        self.assertContains(page, "two-factor authentication")
        self.assertNotContains(page, "Create token")
        response = self.client.post("/api/tokens/", {"name": "sneaky"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ApiToken.objects.exists())

    def test_a_session_opened_with_the_password_alone_cannot_create_one(self):
        # Security review, finding 1: Django's admin login opened such sessions for the operator.
        for person in (self.delegate, self.operator):
            self.client.force_login(person, second_factor=False)
            page = self.client.get("/api/tokens/")
            self.assertNotContains(page, "Create token")
            response = self.client.post("/api/tokens/", {"name": "sneaky"})
            self.assertEqual(response.status_code, 403)
            self.assertContains(response, "/accounts/2fa/reauthenticate/", status_code=403)
            self.assertFalse(ApiToken.objects.exists())
            me = self.client.get("/api/v1/me").json()
            self.assertIs(me["has_mfa"], False)

    def test_it_refuses_a_token_without_a_name(self):
        response = self.client.post("/api/tokens/", {"name": ""})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())

    def test_it_lists_only_ones_own_tokens(self):
        ApiToken.issue(user=self.org_admin, name="Alice's secret tool")
        ApiToken.issue(user=self.delegate, name="Dave's tool")
        page = self.client.get("/api/tokens/")
        self.assertContains(page, "Dave&#x27;s tool")
        self.assertNotContains(page, "Alice")

    def test_it_revokes_ones_own_token(self):
        token, secret = ApiToken.issue(user=self.delegate, name="old")
        response = self.client.post(f"/api/tokens/{token.pk}/revoke/")
        self.assertRedirects(response, "/api/tokens/", fetch_redirect_response=False)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        api = Client(headers={"Authorization": f"Bearer {secret}"})
        self.assertEqual(api.get("/api/v1/me").status_code, 401)

    def test_it_cannot_revoke_someone_elses_token(self):
        token, _secret = ApiToken.issue(user=self.org_admin, name="theirs")
        response = self.client.post(f"/api/tokens/{token.pk}/revoke/")
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)

    def test_revoking_needs_post_with_csrf(self):
        token, _secret = ApiToken.issue(user=self.delegate, name="mine")
        # A GET only shows the confirmation page (coalitions/tests/test_confirmations.py).
        self.assertEqual(self.client.get(f"/api/tokens/{token.pk}/revoke/").status_code, 200)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.delegate)
        self.assertEqual(client.post(f"/api/tokens/{token.pk}/revoke/").status_code, 403)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
