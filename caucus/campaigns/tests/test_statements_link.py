"""A campaign links published statements of its coalition and members, shown on its page."""

import json

from caucus.campaigns.tests.helpers import make_campaign
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

FORM = {
    "title": "Spring of Action",
    "slug": "spring",
    "starts_on": "2031-03-01",
    "ends_on": "2031-03-14",
    "status": "active",
    "registration": "members",
}


class LinkedStatementsTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.published = cls.make_published(title="Declaration for fair pay")
        cls.draft = cls.make_coalition_draft(title="Unfinished draft")

    def test_coordinators_link_published_statements_only(self):
        self.client.force_login(self.coordinator)
        form = self.client.get("/campaigns/spring/edit/")
        self.assertContains(form, "Declaration for fair pay")
        self.assertNotContains(form, "Unfinished draft")
        refused = self.client.post(
            "/campaigns/spring/edit/", {**FORM, "statements": [self.draft.slug]}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("statements", refused.context["form"].errors)
        self.assertFalse(self.campaign.statements.exists())
        saved = self.client.post(
            "/campaigns/spring/edit/", {**FORM, "statements": [self.published.slug]}
        )
        self.assertEqual(saved.status_code, 302)
        page = self.client.get("/campaigns/spring/")
        self.assertContains(page, f'href="{self.published.get_absolute_url()}"')
        self.assertContains(page, "Declaration for fair pay")

    def test_through_the_api(self):
        self.client.force_login(self.coordinator)
        body = {"statements": [self.published.slug]}
        response = self.client.patch(
            "/api/v1/campaigns/spring", json.dumps(body), content_type="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        detail = self.client.get("/api/v1/campaigns/spring").json()
        self.assertEqual([s["slug"] for s in detail["statements"]], [self.published.slug])
        self.assertEqual(detail["statements"][0]["title"], "Declaration for fair pay")
        body["statements"] = ["no-such-statement"]
        response = self.client.patch(
            "/api/v1/campaigns/spring", json.dumps(body), content_type="application/json"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["loc"], ["body", "statements"])
        self.assertEqual(self.campaign.statements.count(), 1)
        self.assertEqual(self.campaign.days.count(), 2)  # a PATCH of the links keeps the days
