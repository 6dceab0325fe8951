"""The webhooks pages: who may list, register, test and delete a coalition's or an
organization's webhooks (the same people as the API), and the journey of one webhook."""

import json
from unittest import mock

from django.utils import timezone

from caucus.lib import outbound
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect
from caucus.webhooks import delivery
from caucus.webhooks.models import Delivery, DeliveryState, Webhook
from caucus.webhooks.services import webhook_create

COALITION = expect(403, anonymous=LOGIN, coordinator=OK)
ALPHA = expect(403, anonymous=LOGIN, org_admin=OK)
WATCHED = ["webhooks.Webhook", "webhooks.Delivery", "audit.AuditEntry"]


class WebhookPagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hook, _ = webhook_create(
            owner=cls.coalition,
            url="https://hooks.example/caucus",
            events=["signature.confirmed"],
            actor=cls.coordinator,
        )
        cls.alpha_hook, _ = webhook_create(
            owner=cls.alpha, url="https://alpha.example/h", events=["rsvp.confirmed"], actor=None
        )
        cls.urls = {
            "coalition": "/coalitions/united/webhooks/",
            "organization": "/orgs/alpha/webhooks/",
        }


class WebhookPermissionMatrixTestCase(PermissionMatrix, WebhookPagesTestCase):
    watched = WATCHED
    watched_on_reads = True

    def test_the_list_is_for_coordinators_and_org_admins(self):
        self.check("get", self.urls["coalition"], COALITION, contains="hooks.example/caucus")
        self.check("get", self.urls["organization"], ALPHA, contains="alpha.example/h")

    def test_registering_is_for_the_same_people(self):
        data = {"url": "https://crm.example/in", "events": ["rsvp.confirmed"]}
        self.check("post", self.urls["coalition"], COALITION, data, allowed=200)
        self.check("post", self.urls["organization"], ALPHA, data, allowed=200)

    def test_a_test_event_is_for_the_same_people(self):
        coalition = f"{self.urls['coalition']}{self.hook.pk}/ping/"
        organization = f"{self.urls['organization']}{self.alpha_hook.pk}/ping/"
        with mock.patch.object(outbound, "request", return_value=outbound.Response(200, b"")):
            self.check("post", coalition, COALITION)
            self.check("post", organization, ALPHA)

    def test_deleting_is_for_the_same_people(self):
        coalition = f"{self.urls['coalition']}{self.hook.pk}/delete/"
        organization = f"{self.urls['organization']}{self.alpha_hook.pk}/delete/"
        self.check("get", coalition, COALITION, contains="hooks.example/caucus")
        self.check("post", coalition, COALITION)
        self.check("post", organization, ALPHA)

    def test_a_webhook_of_another_owner_is_not_found(self):
        # alpha's webhook under the coalition's address: the coordinator manages both owners
        # through different pages, never one's webhook through the other's.
        url = f"{self.urls['coalition']}{self.alpha_hook.pk}/delete/"
        self.check("post", url, expect(403, anonymous=LOGIN, coordinator=404))


class WebhookJourneyTestCase(WebhookPagesTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_it_registers_and_shows_the_secret_once(self):
        data = {
            "url": "https://crm.example/in",
            "events": ["rsvp.confirmed", "signature.confirmed"],
        }
        response = self.client.post(self.urls["coalition"], data)
        self.assertEqual(response.status_code, 200)
        hook = Webhook.objects.get(url="https://crm.example/in")
        self.assertEqual(hook.coalition, self.coalition)
        self.assertEqual(hook.events, ["rsvp.confirmed", "signature.confirmed"])
        self.assertContains(response, f'value="{hook.secret}"')
        self.assertIn("no-store", response["Cache-Control"])
        again = self.client.get(self.urls["coalition"])
        self.assertContains(again, "https://crm.example/in")
        self.assertNotContains(again, hook.secret)

    def test_it_refuses_an_address_that_is_not_https(self):
        data = {"url": "http://crm.example/in", "events": ["rsvp.confirmed"]}
        response = self.client.post(self.urls["coalition"], data)
        self.assertContains(response, "https://", status_code=400)
        self.assertFalse(Webhook.objects.filter(url="http://crm.example/in").exists())

    def test_a_test_event_is_queued_then_signed_and_sent_like_any_event(self):
        response = self.client.post(f"{self.urls['coalition']}{self.hook.pk}/ping/")
        self.assertRedirects(response, f"{self.urls['coalition']}#webhook-{self.hook.pk}")
        row = Delivery.objects.get(webhook=self.hook)
        self.assertEqual(json.loads(row.body)["type"], "ping")
        with mock.patch.object(
            outbound, "request", return_value=outbound.Response(200, b"")
        ) as post:
            self.assertEqual(delivery.send(row.pk), DeliveryState.DELIVERED)
        headers = post.call_args.kwargs["headers"]
        self.assertEqual(headers["X-Caucus-Event"], "ping")
        self.assertIn("X-Caucus-Signature", headers)

    def test_it_shows_recent_deliveries_with_their_next_try(self):
        later = timezone.now() + timezone.timedelta(hours=1)
        Delivery.objects.create(
            webhook=self.hook,
            kind="signature.confirmed",
            body="{}",
            attempts=2,
            last_status=503,
            next_attempt_at=later,
        )
        for _ in range(12):
            Delivery.objects.create(webhook=self.alpha_hook, kind="rsvp.confirmed", body="{}")
        with self.assertNumQueries(7):
            response = self.client.get(self.urls["coalition"])
        self.assertContains(response, "HTTP 503")
        self.assertContains(response, later.strftime("%Y-%m-%d"))
        self.assertNotContains(response, "rsvp.confirmed</code></td>")  # alpha's, not ours

    def test_deleting_asks_first_then_deletes(self):
        url = f"{self.urls['coalition']}{self.hook.pk}/delete/"
        page = self.client.get(url)
        self.assertContains(page, "Delete this webhook?")
        self.assertTrue(Webhook.objects.filter(pk=self.hook.pk).exists())
        response = self.client.post(url)
        self.assertRedirects(response, self.urls["coalition"])
        self.assertFalse(Webhook.objects.filter(pk=self.hook.pk).exists())

    def test_the_management_pages_link_to_it(self):
        self.assertContains(self.client.get("/coalitions/united/"), self.urls["coalition"])
        self.client.force_login(self.org_admin)
        self.assertContains(self.client.get("/orgs/alpha/"), self.urls["organization"])
