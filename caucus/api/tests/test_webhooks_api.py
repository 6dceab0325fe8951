"""Managing webhooks through the API: who may, the secret shown once, refusals in one shape."""

from caucus.api.tests.helpers import ApiTestCase
from caucus.audit.models import AuditEntry
from caucus.coalitions.models import Coordinator
from caucus.webhooks.models import Webhook

HOOK = {
    "coalition": "united",
    "url": "https://hooks.example/caucus",
    "events": ["signature.confirmed"],
}


class WebhooksApiTestCase(ApiTestCase):
    def create(self, actor: str, body: dict):
        return self.call(self.as_(actor, "token"), "post", "/webhooks", body)

    def test_a_coordinator_registers_a_webhook_and_sees_the_secret_once(self):
        response = self.create("coordinator", HOOK)
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertGreater(len(created["secret"]), 30)
        self.assertEqual(Webhook.objects.get().secret, created["secret"])
        self.assertEqual(AuditEntry.objects.filter(action="webhook.created").count(), 1)
        listed = self.call(self.as_("coordinator", "token"), "get", "/webhooks").json()
        self.assertEqual([w["url"] for w in listed["items"]], [HOOK["url"]])
        self.assertNotIn("secret", listed["items"][0])

    def test_an_organization_admin_registers_one_for_its_organization(self):
        body = {**HOOK, "coalition": "", "organization": "alpha"}
        response = self.create("org_admin", body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["organization"], "alpha")

    def test_who_may_register(self):
        org_hook = {**HOOK, "coalition": "", "organization": "alpha"}
        cases = [
            ("anonymous", HOOK, 401),
            ("delegate", HOOK, 403),
            ("editor", org_hook, 403),
            ("delegate", org_hook, 403),
            ("outsider", HOOK, 403),
            ("outsider", org_hook, 403),
            ("gamma_admin", org_hook, 403),
            ("org_admin", HOOK, 403),  # an organization's admin is no coalition coordinator
        ]
        for actor, body, status in cases:
            with self.subTest(actor=actor, body=body):
                client = self.as_(actor, "token") if actor != "anonymous" else self.as_(actor)
                response = self.call(client, "post", "/webhooks", body)
                self.assertEqual(response.status_code, status, response.content)
        self.assertFalse(Webhook.objects.exists())

    def test_a_coordinator_without_a_second_factor_is_refused(self):
        Coordinator.objects.create(coalition=self.coalition, user=self.nomfa)
        response = self.create("nomfa", HOOK)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "mfa_required")

    def test_bad_input_is_a_422_on_the_field(self):
        cases = [
            ({**HOOK, "url": "http://hooks.example/x"}, "url"),
            ({**HOOK, "url": "https://u:p@hooks.example/x"}, "url"),
            ({**HOOK, "events": ["everything"]}, "events"),
            ({**HOOK, "events": []}, "events"),
            ({**HOOK, "organization": "alpha"}, "coalition"),
            ({**HOOK, "secret": "mine"}, "secret"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                response = self.create("coordinator", body)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["errors"][0]["loc"][:2], ["body", field])
        self.assertFalse(Webhook.objects.exists())

    def test_only_its_managers_delete_a_webhook(self):
        pk = self.create("coordinator", HOOK).json()["id"]
        for actor in ("delegate", "outsider", "org_admin"):
            with self.subTest(actor=actor):
                response = self.call(self.as_(actor, "token"), "delete", f"/webhooks/{pk}")
                self.assertEqual(response.status_code, 404)
        response = self.call(self.as_("coordinator", "token"), "delete", f"/webhooks/{pk}")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Webhook.objects.exists())
        self.assertEqual(AuditEntry.objects.filter(action="webhook.deleted").count(), 1)
