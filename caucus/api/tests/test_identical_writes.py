"""Sending what is already there changes nothing: no row written, no audit entry (issue 18,
"an identical PUT writes no audit entry"), on every PUT and PATCH outside campaigns and events
(those are in caucus/campaigns/tests/test_api.py)."""

from django.apps import apps

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.tests.helpers import make_campaign
from caucus.translations.tests.helpers import greek_texts

WATCHED = [
    "audit.AuditEntry",
    "organizations.Organization",
    "organizations.Membership",
    "coalitions.Coalition",
    "campaigns.CampaignTranslation",
]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


class IdenticalWriteTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition.is_public = True
        cls.coalition.save()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)

    def assertNothingWritten(self, actor: str, method: str, path: str, body: dict) -> None:
        client = self.as_(actor, "token")
        first = self.call(client, method, path, body)
        self.assertIn(first.status_code, (200, 201), first.content)
        before = snapshot()
        again = self.call(client, method, path, body)
        self.assertEqual(again.status_code, 200, again.content)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(snapshot(), before)

    def test_an_organization_profile_sent_again(self):
        body = {"name": "Alpha Union", "website": "https://alpha.example", "is_public": True}
        self.assertNothingWritten("delegate", "patch", "/organizations/alpha", body)

    def test_a_coalition_sent_again(self):
        body = {"description": "Workers across borders.", "is_public": True}
        self.assertNothingWritten(
            "coordinator", "patch", f"/coalitions/{self.coalition.slug}", body
        )

    def test_a_members_role_sent_again(self):
        member = self.alpha.memberships.get(user=self.delegate)
        body = {"role": member.role}
        path = f"/organizations/alpha/members/{member.pk}"
        self.assertNothingWritten("org_admin", "patch", path, body)

    def test_a_translation_put_again_and_reviewed_again(self):
        path = f"/campaigns/{self.campaign.slug}/translations/el"
        body = {"texts": greek_texts(self.campaign), "translator": "Eleni"}
        self.assertNothingWritten("coordinator", "put", path, body)
        self.assertNothingWritten("coordinator", "patch", path, {"reviewed": True})
        self.assertNothingWritten("coordinator", "patch", path, {"reviewed": False})
