"""Confirmation and removal links: expired, reused, forged or for another statement → a clear
page and nothing changed."""

import time_machine
from django.core import mail
from django.test import Client

from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import Signature, State
from caucus.signatures.tests.helpers import SignaturesTestCase, make_statement
from caucus.signatures.tokens import confirm_tokens


class LinksTestCase(SignaturesTestCase):
    def setUp(self):
        super().setUp()
        self.sign()
        self.signature = Signature.objects.get()
        self.confirm = self.link("confirm")
        self.remove = self.link("remove")

    def assert_unchanged(self, state=State.PENDING):
        self.signature.refresh_from_db()
        self.assertEqual(self.signature.state, state)

    def test_opening_the_link_shows_a_button_and_confirms_nothing(self):
        """Audit #11: mail scanners open links; only the button confirms."""
        for _ in range(2):
            page = self.client.get(self.confirm)
            self.assertContains(page, "Confirm my signature")
            self.assertContains(page, "Ana Signer")
            self.assertContains(page, "Declaration declaration")
            self.assertNotContains(page, "ana@example.net")
            self.assertEqual(page["Cache-Control"].count("no-store"), 1)
        self.assert_unchanged()
        self.assertEqual(confirmed_count(self.statement.pk), 0)
        response = self.client.post(self.confirm)
        self.assertContains(response, "your signature counts")
        self.assert_unchanged(State.CONFIRMED)

    def test_the_button_needs_no_cookie(self):
        self.assertEqual(Client(enforce_csrf_checks=True).post(self.confirm).status_code, 200)
        self.assert_unchanged(State.CONFIRMED)

    def test_it_refuses_an_expired_confirmation_link(self):
        for method in ("get", "post"):
            with time_machine.travel(10**10, tick=False):
                response = getattr(self.client, method)(self.confirm)
            self.assertContains(response, "The link has expired", status_code=410)
        self.assert_unchanged()

    def test_a_reused_confirmation_link_says_already_confirmed(self):
        self.client.post(self.confirm)
        for method in ("get", "post"):
            response = getattr(self.client, method)(self.confirm)
            self.assertContains(response, "already confirmed")
            self.assertNotContains(response, "Confirm my signature")
        self.assertEqual(confirmed_count(self.statement.pk), 1)

    def test_it_refuses_a_forged_link(self):
        for path in [self.confirm[:-4] + "xyz/", "/s/declaration/sign/confirm/abc/"]:
            for method in ("get", "post"):
                response = getattr(self.client, method)(path)
                self.assertContains(response, "not valid", status_code=400)
        self.assert_unchanged()

    def test_it_refuses_a_link_for_another_statement(self):
        make_statement(slug="other", coalition=self.coalition)
        response = self.client.post(self.confirm.replace("/declaration/", "/other/"))
        self.assertContains(response, "not valid", status_code=400)
        response = self.client.post(self.remove.replace("/declaration/", "/other/"))
        self.assertEqual(response.status_code, 400)
        self.assert_unchanged()

    def test_a_confirmation_link_dies_once_the_signature_is_invalidated(self):
        Signature.objects.filter(pk=self.signature.pk).update(state=State.INVALIDATED)
        response = self.client.post(self.confirm)
        self.assertContains(response, "already been used", status_code=410)
        self.assert_unchanged(State.INVALIDATED)

    def test_the_removal_link_removes_after_confirmation(self):
        self.client.post(self.confirm)
        self.assertEqual(confirmed_count(self.statement.pk), 1)
        page = self.client.get(self.remove)
        self.assertContains(page, "Remove my signature")
        self.assertTrue(Signature.objects.exists())  # GET alone changes nothing
        response = self.client.post(self.remove)
        self.assertContains(response, "Your signature is removed")
        self.assertFalse(Signature.objects.exists())
        self.assertEqual(confirmed_count(self.statement.pk), 0)
        again = self.client.post(self.remove)
        self.assertContains(again, "no longer exists", status_code=410)

    def test_a_token_for_a_missing_signature_changes_nothing(self):
        token = confirm_tokens.make(999999, "x")
        response = self.client.post(f"/s/declaration/sign/confirm/{token}/")
        self.assertEqual(response.status_code, 410)
        self.assert_unchanged()
        self.assertEqual(len(mail.outbox), 1)
