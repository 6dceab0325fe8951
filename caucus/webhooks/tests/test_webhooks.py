"""Webhooks: what is queued for whom, how a POST is signed, and how failures are retried."""

import hashlib
import hmac
import json
import time
from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from caucus.campaigns import rsvps
from caucus.campaigns.models import Campaign, Event, Rsvp
from caucus.lib import outbound
from caucus.lib.crypto import email_index
from caucus.signatures import services as signature_services
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import make_statement
from caucus.statements.models import Statement
from caucus.statements.signals import went_public
from caucus.test import BaseTestCase
from caucus.webhooks import delivery, signing
from caucus.webhooks.models import Delivery, DeliveryState, Webhook
from caucus.webhooks.services import webhook_create

OK = outbound.Response(200, b"ok")


class WebhookTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = make_statement(slug="declaration", coalition=cls.coalition)
        cls.hook, cls.secret = webhook_create(
            owner=cls.coalition,
            url="https://hooks.example/caucus",
            events=["signature.confirmed", "rsvp.confirmed", "statement.published"],
            actor=cls.coordinator,
        )
        cls.alpha_hook, _ = webhook_create(
            owner=cls.alpha, url="https://alpha.example/h", events=["rsvp.confirmed"], actor=None
        )

    def pending_signature(self, email="ana@example.net", may_contact=True) -> Signature:
        return Signature.objects.create(
            statement=self.statement,
            name="Ana Signer",
            city="Rosario",
            country="AR",
            email=email,
            email_index=email_index(email),
            email_domain="example.net",
            may_contact=may_contact,
        )


class EventsTestCase(WebhookTestCase):
    def test_a_confirmed_signature_is_posted_to_the_statements_owner(self):
        signature = self.pending_signature()
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                signature_services.individual_confirm(signature=signature)
        self.assertEqual(post.call_count, 1)  # not alpha's: it is not the statement's author
        method, url = post.call_args.args
        self.assertEqual((method, url), ("POST", "https://hooks.example/caucus"))
        body = json.loads(post.call_args.kwargs["body"])
        self.assertEqual(body["type"], "signature.confirmed")
        person = body["data"]["signature"]["person"]
        self.assertEqual(person["given_name"], "Ana Signer")
        self.assertEqual(
            person["email_addresses"], [{"address": "ana@example.net", "primary": True}]
        )
        row = Delivery.objects.get()
        self.assertEqual((row.state, row.attempts, row.last_status), ("delivered", 1, 200))

    def test_a_signer_who_did_not_allow_contact_sends_no_email(self):
        signature = self.pending_signature(may_contact=False)
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                signature_services.individual_confirm(signature=signature)
        body = json.loads(post.call_args.kwargs["body"])
        self.assertEqual(body["data"]["signature"]["person"]["email_addresses"], [])

    def test_a_confirmation_that_changes_nothing_sends_nothing(self):
        signature = self.pending_signature()
        Signature.objects.filter(pk=signature.pk).update(state="confirmed")
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                signature_services.individual_confirm(signature=signature)
        post.assert_not_called()

    def test_a_publication_is_posted(self):
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                went_public.send(Statement, statement=self.statement)
        body = json.loads(post.call_args.kwargs["body"])
        self.assertEqual(body["type"], "statement.published")
        self.assertEqual(body["data"]["petition"]["identifiers"], ["caucus:declaration"])

    def test_a_confirmed_rsvp_goes_to_the_coalition_and_the_organizing_organization(self):
        campaign = Campaign.objects.create(
            coalition=self.coalition,
            title="Spring",
            slug="spring",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=30),
        )
        starts = timezone.now() + timedelta(days=3)
        event = Event.objects.create(
            campaign=campaign,
            organization=self.alpha,
            title="Rally",
            kind="rally",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            time_zone="Europe/Istanbul",
            city="Izmir",
            country="TR",
        )
        rsvp = Rsvp.objects.create(
            event=event, name="Rita", email="rita@example.org", email_index=email_index("rita")
        )
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                rsvps.rsvp_confirm(rsvp=rsvp)
        urls = sorted(c.args[1] for c in post.call_args_list)
        self.assertEqual(urls, ["https://alpha.example/h", "https://hooks.example/caucus"])
        body = json.loads(post.call_args.kwargs["body"])
        self.assertEqual(body["data"]["attendance"]["person"]["given_name"], "Rita")

    def test_a_webhook_hears_only_the_events_it_asked_for(self):
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                went_public.send(Statement, statement=self.statement)
        self.assertNotIn("https://alpha.example/h", [c.args[1] for c in post.call_args_list])


class DeliveryTestCase(WebhookTestCase):
    def queued(self) -> Delivery:
        return Delivery.objects.create(
            webhook=self.hook, kind="statement.published", body='{"type": "statement.published"}'
        )

    def test_the_post_is_signed_with_hmac_over_the_timestamp_and_the_body(self):
        row = self.queued()
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            self.assertEqual(delivery.send(row.pk), "delivered")
        headers, body = post.call_args.kwargs["headers"], post.call_args.kwargs["body"]
        stamp = headers["X-Caucus-Timestamp"]
        expected = hmac.new(self.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256)
        self.assertEqual(headers["X-Caucus-Signature"], "sha256=" + expected.hexdigest())
        self.assertEqual(headers["X-Caucus-Event"], "statement.published")
        self.assertTrue(
            signing.verify(
                self.secret, stamp, body, headers["X-Caucus-Signature"], int(time.time())
            )
        )
        self.assertFalse(
            signing.verify("wrong", stamp, body, headers["X-Caucus-Signature"], int(time.time()))
        )
        old = int(time.time()) + 3600  # a replay an hour later is refused
        self.assertFalse(
            signing.verify(self.secret, stamp, body, headers["X-Caucus-Signature"], old)
        )

    def test_failures_are_retried_with_growing_delays_then_given_up(self):
        row = self.queued()
        waits = []
        answers = [outbound.Response(500, b"oops"), outbound.FetchError("timed out")]
        for attempt in range(len(delivery.BACKOFF) + 1):
            Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
            before = timezone.now()
            answer = answers[attempt % 2]
            kwargs = (
                {"side_effect": answer}
                if isinstance(answer, Exception)
                else {"return_value": answer}
            )
            with mock.patch.object(outbound, "request", **kwargs):
                state = delivery.send(row.pk)
            row.refresh_from_db()
            if state == DeliveryState.PENDING:
                waits.append(round((row.next_attempt_at - before).total_seconds()))
        self.assertEqual(waits, delivery.BACKOFF)
        self.assertEqual((row.state, row.attempts), ("gave_up", len(delivery.BACKOFF) + 1))
        self.assertEqual(row.last_error, "oops")  # the last answer, kept to look into

    def test_a_row_leased_to_another_worker_or_not_yet_due_is_not_sent(self):
        row = self.queued()
        Delivery.objects.filter(pk=row.pk).update(lease_until=timezone.now() + timedelta(minutes=1))
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            self.assertEqual(delivery.send(row.pk), "")
            self.assertEqual(delivery.due(), [])
            # A worker that died leaves its lease to expire; the row is due again then.
            Delivery.objects.filter(pk=row.pk).update(
                lease_until=timezone.now() - timedelta(seconds=1)
            )
            self.assertEqual(delivery.due(), [row.pk])
            self.assertEqual(delivery.send(row.pk), "delivered")
            self.assertEqual(delivery.send(row.pk), "")  # delivered once
        self.assertEqual(post.call_count, 1)

    @override_settings(FEDERATION_ALLOW_PRIVATE_NETWORKS=False)
    def test_an_endpoint_on_our_own_network_is_refused_by_the_ssrf_guard(self):
        Webhook.objects.filter(pk=self.hook.pk).update(url="https://169.254.169.254/latest")
        row = self.queued()
        with mock.patch("socket.create_connection") as connect:
            self.assertEqual(delivery.send(row.pk), "pending")
        connect.assert_not_called()
        row.refresh_from_db()
        self.assertIn("non-public address", row.last_error)
