"""Organizations' ballot keys: a delegate registers one, an admin (with a second factor)
approves or revokes it, every step is in the audit log, and coordinators see them all."""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.audit.models import AuditEntry
from caucus.decisions import keys
from caucus.decisions.models import BallotKey, BallotKeyState
from caucus.decisions.tests.helpers import open_vote
from caucus.test import BaseTestCase

URL = "/orgs/alpha/ballot-keys/"


def new_public() -> str:
    return keys.public_hex(Ed25519PrivateKey.generate())


class RegisterKeyTestCase(BaseTestCase):
    def register(self, user, public: str | None = None, **extra):
        self.client.force_login(user)
        data = {"label": "Dave's laptop", "public_key": public or new_public(), **extra}
        return self.client.post(URL, data)

    def test_a_delegate_registers_a_key_that_waits_for_an_admin(self):
        public = new_public()
        response = self.register(self.delegate, public)
        self.assertRedirects(response, URL)
        key = BallotKey.objects.get()
        self.assertEqual(
            (key.state, key.holder, key.key_id), ("pending", self.delegate, keys.key_id(public))
        )
        entry = AuditEntry.objects.get(action="ballot_key.registered")
        self.assertEqual((entry.organization, entry.data["key"]), (self.alpha, key.key_id))
        self.assertNotIn(key.key_id, str(open_vote(self).manifest()))  # not listed yet
        self.client.force_login(self.org_admin)
        self.client.post(f"{URL}{key.pk}/approve/")
        key.refresh_from_db()
        self.assertEqual((key.state, key.approved_by), ("active", self.org_admin))
        self.assertTrue(AuditEntry.objects.filter(action="ballot_key.approved").exists())

    def test_an_admins_own_key_is_active_at_once(self):
        self.register(self.org_admin)
        self.assertEqual(BallotKey.objects.get().state, BallotKeyState.ACTIVE)

    def test_a_key_in_spaces_and_capitals_is_taken(self):
        public = new_public()
        spaced = " ".join(public.upper()[i : i + 8] for i in range(0, 64, 8))
        self.register(self.delegate, spaced)
        self.assertEqual(BallotKey.objects.get().public_key, public)

    def test_bad_keys_are_field_errors_and_nothing_is_saved(self):
        for bad, message in [
            ("abc", "64 hexadecimal characters"),
            ("zz" * 32, "64 hexadecimal characters"),
        ]:
            with self.subTest(bad=bad):
                response = self.register(self.delegate, bad)
                self.assertContains(response, message, status_code=400)
        public = new_public()
        self.register(self.delegate, public)
        self.assertContains(
            self.register(self.delegate, public), "already registered", status_code=400
        )
        self.assertEqual(BallotKey.objects.count(), 1)

    def test_who_may_register_approve_and_revoke(self):
        """anonymous → sign in; another organization → 403; without a second factor → 403;
        a delegate approves nothing and revokes only their own keys; an admin does all."""
        self.assertEqual(self.client.post(URL, {}).status_code, 302)
        self.assertEqual(self.register(self.outsider).status_code, 403)
        self.assertEqual(self.register(self.nomfa).status_code, 403)
        self.register(self.delegate)
        key = BallotKey.objects.get()
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(f"{URL}{key.pk}/approve/").status_code, 403)
        self.assertEqual(self.client.post(f"{URL}{key.pk}/revoke/").status_code, 403)
        self.client.force_login(self.gamma_admin)
        self.assertEqual(self.client.post(f"{URL}{key.pk}/approve/").status_code, 403)
        key.refresh_from_db()
        self.assertEqual(key.state, "pending")
        self.client.force_login(self.delegate)
        self.client.post(f"{URL}{key.pk}/revoke/")
        key.refresh_from_db()
        self.assertEqual((key.state, key.revoked_by), ("revoked", self.delegate))
        self.assertTrue(AuditEntry.objects.filter(action="ballot_key.revoked").exists())

    def test_the_page_lists_the_keys_and_explains_them(self):
        self.register(self.delegate)
        page = self.client.get(URL)
        self.assertContains(page, BallotKey.objects.get().key_id)
        self.assertContains(page, "caucus_ballot.py keygen --out my-ballot-key.pem")
        self.client.force_login(self.nomfa)  # reading needs no second factor
        self.assertEqual(self.client.get(URL).status_code, 200)


class CoalitionKeysTestCase(BaseTestCase):
    def test_coordinators_see_every_member_organizations_keys_and_their_history(self):
        self.client.force_login(self.gamma_admin)
        self.client.post(
            "/orgs/gamma/ballot-keys/", {"label": "office", "public_key": new_public()}
        )
        key = BallotKey.objects.get()
        self.client.force_login(self.coordinator)
        page = self.client.get("/coalitions/united/ballot-keys/")
        self.assertContains(page, key.key_id)
        self.assertContains(
            page, f"Approved the ballot key <bdi>{key.key_id}</bdi> (<bdi>office</bdi>)"
        )
        self.client.force_login(self.delegate)
        self.assertEqual(self.client.get("/coalitions/united/ballot-keys/").status_code, 403)


class KeyFormFuzzTestCase(BaseTestCase, HypothesisTestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(label=st.text(max_size=120), public_key=st.text(max_size=220))
    def test_any_input_is_saved_or_refused_with_a_field_error(self, label, public_key):
        self.client.force_login(self.delegate)
        response = self.client.post(URL, {"label": label, "public_key": public_key})
        self.assertIn(response.status_code, (302, 400))
        if response.status_code == 400:
            self.assertFalse(BallotKey.objects.exists())
            self.assertTrue(response.context["form"].errors)


class ManagePageLinkTestCase(BaseTestCase):
    def test_the_organizations_page_links_to_its_ballot_keys(self):
        self.client.force_login(self.delegate)
        self.assertContains(self.client.get("/orgs/alpha/"), 'href="/orgs/alpha/ballot-keys/"')
