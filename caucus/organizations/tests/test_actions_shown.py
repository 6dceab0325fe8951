"""A page shows an action only to those it will not refuse (issue 14): the delegate without a
second factor (nomfa) reads the pages a delegate of alpha reads, but is shown none of the
links that refuse it until it has one; in their place a notice says how to set one up.

Every link is checked both ways: the delegate is shown it and it answers them, nomfa is
not shown it and it would have refused them, so no case can pass for the wrong reason."""

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.signatures import services as signature_services
from caucus.signatures.tests.helpers import make_statement
from caucus.test import BaseTestCase, on_test_day

SET_UP = "Set up an authenticator app"
CONFIRM = "Confirm with your second factor"


@on_test_day
class ActionsShownTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha, actor=cls.delegate)
        cls.statement = make_statement(slug="declaration", coalition=cls.coalition)
        signature_services.organization_sign(
            statement=cls.statement, organization=cls.alpha, actor=cls.delegate
        )
        event = f"/events/{cls.event.uid}/"
        # page: the links to actions a delegate of alpha is shown there
        cls.pages = {
            "/dashboard/": ["/coalitions/new/", "/coalitions/united/"],
            "/orgs/alpha/": [
                "/orgs/alpha/edit/",
                "/orgs/alpha/statements/",
                "/events/new/alpha/",
                "/coalitions/new/",
            ],
            "/c/united/": ["/coalitions/united/"],
            "/campaigns/spring/": ["/campaigns/spring/register/alpha/"],
            event: [event + "edit/", event + "status/", event + "report/"],
            "/s/declaration/": [
                "/s/declaration/draft/",
                "/s/declaration/sign/organization/alpha/withdraw/",
            ],
        }

    def test_the_delegate_is_shown_each_action_and_may_take_it(self):
        self.client.force_login(self.delegate)
        for page, links in self.pages.items():
            response = self.client.get(page)
            for link in links:
                with self.subTest(page=page, link=link):
                    self.assertContains(response, f'href="{link}"')
                    self.assertEqual(self.client.get(link).status_code, 200)

    def test_nomfa_is_shown_none_of_them_and_how_to_set_up_a_second_factor(self):
        self.client.force_login(self.nomfa)
        for page, links in self.pages.items():
            response = self.client.get(page)
            with self.subTest(page=page):
                self.assertContains(response, SET_UP)
            for link in links:
                with self.subTest(page=page, link=link):
                    self.assertNotContains(response, f'href="{link}"')
                    self.assertEqual(self.client.get(link).status_code, 403)

    def test_the_dashboard_leads_nomfa_to_the_coalitions_page_it_may_read(self):
        self.client.force_login(self.nomfa)
        self.assertContains(self.client.get("/dashboard/"), 'href="/c/united/"')

    def test_an_admin_who_signed_in_without_the_second_factor_is_asked_for_it(self):
        self.client.force_login(self.org_admin, second_factor=False)
        page = self.client.get("/orgs/alpha/")
        self.assertContains(page, CONFIRM)
        for link in ("/orgs/alpha/invite/", "/orgs/alpha/audit/", "/orgs/alpha/bodies/new/"):
            with self.subTest(link=link):
                self.assertNotContains(page, f'href="{link}"')
                self.assertNotContains(page, f'action="{link}"')
                self.assertEqual(self.client.get(link).status_code, 403)
        self.assertNotContains(page, "/remove/")
        self.assertNotContains(page, "/role/")

    def test_only_editors_are_shown_the_organizations_translations(self):
        for role, shown in (("delegate", False), ("editor", True)):
            with self.subTest(role=role):
                self.client.force_login(getattr(self, role))
                page = self.client.get("/o/alpha/")
                self.assertEqual('href="/orgs/alpha/translations/"' in page.text, shown)
                status = self.client.get("/orgs/alpha/translations/").status_code
                self.assertEqual(status, 200 if shown else 403)
