"""Signing in to the API: personal tokens sent as Bearer, or the browser's session with CSRF."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from caucus.api.models import ApiToken
from caucus.api.tests.helpers import ApiTestCase, db_state
from caucus.organizations.models import Invitation, Membership, Role
from caucus.test import Client

INVITE = "/api/v1/organizations/alpha/invitations"
BODY = {"email": "new@example.org", "role": "delegate"}


def bearer(secret: str, **kwargs) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"}, **kwargs)


class BearerTokenTestCase(ApiTestCase):
    def test_a_token_acts_as_its_owner(self):
        response = bearer(self.secrets["org_admin"]).get("/api/v1/me")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["email"], "admin@example.org")

    def test_a_token_can_act_for_the_owners_organization(self):
        response = bearer(self.secrets["org_admin"]).post(
            INVITE, BODY, content_type="application/json"
        )
        self.assertEqual(response.status_code, 201)
        invitation = Invitation.objects.get(email="new@example.org")
        self.assertEqual(invitation.invited_by, self.org_admin)

    def test_only_a_digest_of_the_secret_is_stored(self):
        token, secret = ApiToken.issue(user=self.coordinator, name="script")
        self.assertEqual(token.token_hash, hashlib.sha256(secret.encode()).hexdigest())
        self.assertEqual(token.prefix, secret[:8])
        stored = ApiToken.objects.filter(pk=token.pk).values().get()
        self.assertNotIn(secret, [str(value) for value in stored.values()])

    def test_a_revoked_token_is_refused(self):
        token = ApiToken.objects.get(user=self.org_admin)
        token.revoke()
        before = db_state()
        client = bearer(self.secrets["org_admin"])
        self.assertEqual(client.get("/api/v1/me").status_code, 401)
        response = client.post(INVITE, BODY, content_type="application/json")
        self.assertRefused(response, 401, before)

    def test_an_unknown_token_is_refused_even_where_anyone_may_read(self):
        response = bearer("not-a-token").get("/api/v1/organizations")
        self.assertEqual(response.status_code, 401)
        self.assertIn("unknown or revoked", response.json()["detail"])
        self.assertEqual(bearer("").get("/api/v1/me").status_code, 401)

    def test_the_token_of_a_deactivated_account_is_refused(self):
        self.org_admin.is_active = False
        self.org_admin.save(update_fields=["is_active"])
        self.assertEqual(bearer(self.secrets["org_admin"]).get("/api/v1/me").status_code, 401)

    def test_a_token_cannot_act_once_its_owner_has_no_second_factor(self):
        Membership.objects.filter(user=self.nomfa).update(role=Role.ADMIN)
        before = db_state()
        response = bearer(self.secrets["nomfa"]).post(INVITE, BODY, content_type="application/json")
        self.assertRefused(response, 403, before)
        self.assertEqual(response.json()["code"], "mfa_required")
        self.assertIn("Two-factor authentication is required", response.json()["detail"])

    def test_last_used_is_written_at_most_once_a_minute(self):
        token = ApiToken.objects.get(user=self.delegate)
        client = bearer(self.secrets["delegate"])
        client.get("/api/v1/me")
        token.refresh_from_db()
        first = token.last_used
        self.assertIsNotNone(first)
        client.get("/api/v1/me")
        token.refresh_from_db()
        self.assertEqual(token.last_used, first)
        ApiToken.objects.filter(pk=token.pk).update(last_used=first - timedelta(minutes=2))
        client.get("/api/v1/me")
        token.refresh_from_db()
        self.assertGreater(token.last_used, first - timedelta(seconds=1))

    def test_revoking_twice_keeps_the_first_date(self):
        token = ApiToken.objects.get(user=self.delegate)
        token.revoke()
        first = token.revoked_at
        ApiToken.objects.get(pk=token.pk).revoke()
        token.refresh_from_db()
        self.assertEqual(token.revoked_at, first)
        self.assertLess(token.revoked_at, timezone.now())


class SessionAuthTestCase(ApiTestCase):
    def csrf_client(self, user) -> tuple[Client, str]:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.get("/api/tokens/")  # a page with a form sets the CSRF cookie
        return client, client.cookies["csrftoken"].value

    def test_a_session_write_without_csrf_token_is_refused(self):
        client, _csrf = self.csrf_client(self.org_admin)
        before = db_state()
        response = client.post(INVITE, BODY, content_type="application/json")
        self.assertRefused(response, 403, before)

    def test_a_session_write_with_csrf_token_is_accepted(self):
        client, csrf = self.csrf_client(self.org_admin)
        response = client.post(
            INVITE, BODY, content_type="application/json", headers={"X-CSRFToken": csrf}
        )
        self.assertEqual(response.status_code, 201)
        self.assertTrue(Invitation.objects.filter(email="new@example.org").exists())

    def test_a_bearer_token_needs_no_csrf_token(self):
        client = bearer(self.secrets["org_admin"], enforce_csrf_checks=True)
        response = client.post(INVITE, BODY, content_type="application/json")
        self.assertEqual(response.status_code, 201)

    def test_an_anonymous_write_is_told_to_sign_in(self):
        before = db_state()
        response = Client(enforce_csrf_checks=True).post(
            INVITE, BODY, content_type="application/json"
        )
        self.assertRefused(response, 401, before)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="caucus"')

    def test_refusals_are_json_not_html_pages(self):
        self.client.force_login(self.delegate)
        response = self.client.post(INVITE, BODY, content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": "This needs the Admin role.", "errors": []})
        self.assertEqual(
            self.client.get("/api/v1/organizations/nope").json(),
            {"detail": "Not Found", "errors": []},
        )
