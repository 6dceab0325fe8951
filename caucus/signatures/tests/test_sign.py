"""Individuals sign a published statement, confirm by email and appear in the count."""

from django.core import mail
from django.test import override_settings

from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import Signature, State
from caucus.signatures.tests.helpers import SignaturesTestCase, make_statement
from caucus.statements.models import Status


class SignTestCase(SignaturesTestCase):
    def test_it_records_a_pending_signature_and_emails_a_link(self):
        response = self.sign()
        self.assertRedirects(response, "/s/declaration/sign/thanks/", fetch_redirect_response=False)
        signature = Signature.objects.get()
        self.assertEqual(signature.state, State.PENDING)
        self.assertEqual(signature.name, "Ana Signer")
        self.assertEqual(signature.email, "ana@example.net")
        self.assertEqual(signature.ip_prefix, "127.0.0.0/24")
        self.assertTrue(signature.show_name)
        self.assertFalse(signature.may_contact)
        self.assertEqual([m.to for m in mail.outbox], [["ana@example.net"]])
        self.assertEqual(confirmed_count(self.statement.pk), 0)

    def test_it_stores_the_email_only_as_ciphertext(self):
        self.sign()
        raw = Signature.objects.values_list("email", flat=True).query
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(str(raw))
            (stored,) = cursor.fetchone()
        self.assertNotIn("ana@example.net", stored)
        self.assertTrue(stored.startswith("k"))

    def test_the_link_confirms_and_the_count_rises(self):
        self.sign()
        response = self.client.post(self.link("confirm"))
        self.assertContains(response, "your signature counts")
        self.assertEqual(Signature.objects.get().state, State.CONFIRMED)
        self.assertEqual(confirmed_count(self.statement.pk), 1)
        names = self.client.get("/s/declaration/signatures/")
        self.assertContains(names, "Ana Signer")
        self.assertNotContains(names, "ana@example.net")

    def test_it_treats_the_same_mailbox_as_one_signer(self):
        self.sign(email="ana.signer@gmail.com")
        for variant in [
            "Ana.Signer@Gmail.com",
            "anasigner+news@googlemail.com",
            " anasigner@gmail.com ",
        ]:
            with self.subTest(variant=variant):
                response = self.sign(email=variant)
                self.assertRedirects(
                    response, "/s/declaration/sign/thanks/", fetch_redirect_response=False
                )
        self.assertEqual(Signature.objects.count(), 1)
        # Unconfirmed: each attempt sends the link again.
        self.assertEqual(len(mail.outbox), 4)

    def test_a_confirmed_signer_signing_again_gets_the_same_answer_and_no_email(self):
        self.sign()
        self.client.post(self.link("confirm"))
        mail.outbox.clear()
        response = self.sign(name="Someone Else")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Signature.objects.get().name, "Ana Signer")
        self.assertEqual(mail.outbox, [])

    def test_it_shows_field_errors_and_changes_nothing(self):
        response = self.sign(name="  ", email="not-an-email", country="XX")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertContains(response, "Enter a valid email address.", status_code=400)
        self.assertContains(response, "Choose a country from the list.", status_code=400)
        self.assertFalse(Signature.objects.exists())
        self.assertEqual(mail.outbox, [])

    @override_settings(SIGNATURE_BLOCKED_DOMAINS=["spam.example"])
    def test_it_refuses_blocked_domains(self):
        response = self.sign(email="bot@mx.spam.example")
        self.assertContains(response, "cannot sign", status_code=400)
        self.assertFalse(Signature.objects.exists())

    def test_the_honeypot_pretends_success_and_stores_nothing(self):
        response = self.sign(website="http://spam.example")
        self.assertRedirects(response, "/s/declaration/sign/thanks/", fetch_redirect_response=False)
        self.assertFalse(Signature.objects.exists())
        self.assertEqual(mail.outbox, [])

    @override_settings(SIGNATURE_RATE_PER_PREFIX=3, SIGNATURE_RATE_WINDOW=60)
    def test_it_slows_down_a_busy_network_without_banning_it(self):
        for n in range(3):
            self.assertEqual(self.sign(email=f"p{n}@example.net").status_code, 302)
        response = self.sign(email="p4@example.net")
        self.assertEqual(response.status_code, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 60)
        self.assertContains(response, "try again in", status_code=429)
        self.assertEqual(Signature.objects.count(), 3)

    @override_settings(SIGNATURE_RATE_PER_DOMAIN=2, SIGNATURE_RATE_PER_PREFIX=0)
    def test_it_slows_down_one_domain_but_not_big_providers(self):
        self.sign(email="a@small.example")
        self.sign(email="b@small.example")
        self.assertEqual(self.sign(email="c@small.example").status_code, 429)
        for n in range(4):
            self.assertEqual(self.sign(email=f"x{n}@gmail.com").status_code, 302)

    @override_settings(SIGNATURE_RATE_PER_ADDRESS=2, SIGNATURE_RATE_PER_PREFIX=0)
    def test_it_slows_down_one_address_so_its_mailbox_is_not_flooded(self):
        self.assertEqual(self.sign().status_code, 302)
        self.assertEqual(self.sign(email="Ana+again@Example.net").status_code, 302)  # resends
        response = self.sign()
        self.assertContains(response, "try again in", status_code=429)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(self.sign(email="other@example.net").status_code, 302)

    def test_it_answers_htmx_with_the_fragment(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/s/declaration/sign/", {"name": "", "email": "x"}, headers={"HX-Request": "true"}
            )
        self.assertContains(response, 'class="sign-form')
        self.assertNotContains(response, "<html")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/s/declaration/sign/",
                {"name": "Hx Person", "email": "hx@example.net"},
                headers={"HX-Request": "true"},
            )
        self.assertContains(response, "Check your email")
        self.assertEqual(Signature.objects.count(), 1)

    def test_it_refuses_statements_closed_to_individuals(self):
        for slug, fields in [
            ("closed", {"open_to_individuals": False}),
            ("open-for-orgs", {"status": Status.OPEN}),
        ]:
            make_statement(slug=slug, coalition=self.coalition, **fields)
            response = self.client.post(f"/s/{slug}/sign/", {"name": "A", "email": "a@b.example"})
            self.assertIn(response.status_code, (404, 410), slug)
        self.assertFalse(Signature.objects.exists())

    def test_the_form_page_works_without_javascript(self):
        response = self.client.get("/s/declaration/sign/")
        self.assertContains(response, 'name="email"')
        self.assertContains(response, 'name="show_name"')
        self.assertNotContains(response, "checked")
