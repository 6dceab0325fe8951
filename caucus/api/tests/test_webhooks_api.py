"""Managing webhooks through the API: who may, the secret shown once, refusals in one shape."""

from caucus.api.tests.helpers import ApiTestCase
from caucus.audit.models import AuditEntry
from caucus.coalitions.models import Coordinator
from caucus.test import OK, expect
from caucus.webhooks.models import Webhook

HOOK = {
    "coalition": "united",
    "url": "https://hooks.example/caucus",
    "events": ["signature.confirmed"],
}


COORDINATORS = expect(403, anonymous=401, coordinator=OK)
ADMINS = expect(403, anonymous=401, org_admin=OK)  # an organization's admin coordinates nothing


class WebhooksApiTestCase(ApiTestCase):
    watched = [*ApiTestCase.watched, "webhooks.Webhook"]

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
        """A coalition's webhook is for its coordinators, an organization's for its admins."""
        org_hook = {**HOOK, "coalition": "", "organization": "alpha"}
        self.check_api("post", "/webhooks", COORDINATORS, HOOK, allowed=201)
        self.check_api("post", "/webhooks", ADMINS, org_hook, allowed=201)

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
        """Nobody else learns that it exists (404); deleting it is in the audit log."""
        pk = self.create("coordinator", HOOK).json()["id"]

        def audited(role, response) -> None:
            if response.status_code == 204:
                self.assertFalse(Webhook.objects.exists())
                self.assertEqual(AuditEntry.objects.filter(action="webhook.deleted").count(), 1)

        expected = expect(404, anonymous=401, nomfa=403, coordinator=OK)  # nomfa: no second factor
        self.check_api("delete", f"/webhooks/{pk}", expected, then=audited)
