"""The main pages of every kind, for every role of the cast, with templates made to show any
variable they cannot resolve: none may appear, and none may raise (audit #12 was a filter
argument that did not exist, a 500 for every member on their organization's statements)."""

import copy

from django.conf import settings
from django.template import engines
from django.test import override_settings

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import ROLES, BaseTestCase

MARKER = "@@INVALID:%s@@"


def loud_templates() -> list[dict]:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = MARKER
    return templates


class TemplateVariablesTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.published = cls.make_published(title="Published one")
        cls.draft = cls.make_coalition_draft()
        cls.org_draft = cls.make_org_draft()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha)

    def pages(self) -> list[str]:
        published, draft = self.published.slug, self.draft.slug
        return [
            "/",
            "/latest/",
            "/topics/",
            "/regions/",
            "/search/?q=declaration",
            "/statements/",
            "/o/alpha/",
            "/c/united/",
            f"/s/{published}/",
            f"/s/{published}/print/",
            f"/s/{published}/embed/",
            f"/s/{published}/share/mastodon/",
            f"/s/{published}/signatures/",
            f"/s/{published}/signatures/manage/",
            f"/s/{published}/versions/",
            "/campaigns/spring/",
            "/campaigns/spring/calendar/",
            "/campaigns/spring/host/",
            f"/events/{self.event.uid}/",
            "/cases/",
            "/dashboard/",
            "/orgs/alpha/",
            "/orgs/alpha/edit/",
            "/orgs/alpha/audit/",
            "/orgs/alpha/statements/",
            f"/s/{self.org_draft.slug}/draft/",
            "/coalitions/united/",
            "/coalitions/united/statements/",
            "/coalitions/united/platform/",
            f"/s/{draft}/draft/",
            "/coalitions/united/meetings/",
            "/coalitions/united/motions/",
            "/coalitions/united/actions/",
            "/campaigns/of/united/",
            "/campaigns/spring/hosts/",
        ]

    @override_settings(TEMPLATES=loud_templates())
    def test_no_page_reads_a_variable_it_does_not_have(self):
        loud = engines["django"].from_string("{{ nothing }}").render({})
        self.assertEqual(loud, MARKER % "nothing")  # the check below can see a miss
        for role in ROLES:
            self.client.logout()
            if role != "anonymous":
                self.client.force_login(getattr(self, role))
            for url in self.pages():
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    self.assertLess(response.status_code, 500)
                    if not response.streaming:
                        self.assertNotIn(b"@@INVALID:", response.content)
