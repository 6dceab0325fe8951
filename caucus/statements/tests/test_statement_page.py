"""The public statement page converts: a "Sign" call to action at the top that jumps to the
form, the count against a goal with today's momentum, whom the statement addresses, the
signatory organizations folded into one sentence, and a printout without the form."""

import datetime as dt
import re

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caucus.campaigns.models import Target
from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.signatures import counting
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.tests.test_manage import add
from caucus.statements.models import Statement
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase, make_org


class PageTestCase(StatementFixtures, BaseTestCase):
    """A published coalition statement and helpers to read its anonymous page afresh."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.url = f"/s/{cls.statement.slug}/"

    def setUp(self):
        cache.clear()

    def page(self, path: str = "") -> str:
        cache.clear()
        return self.client.get(self.url + path).content.decode()

    def sign_for(self, *orgs: Organization, initial: bool = True) -> None:
        for org in orgs:
            OrganizationSignature.objects.create(
                statement=self.statement,
                organization=org,
                version=self.statement.published_version,
                state=OrgState.SIGNED,
                initial=initial,
            )


class StatementPageTestCase(PageTestCase):
    def test_the_call_to_action_at_the_top_jumps_to_the_form(self):
        html = self.page()
        header = html.split("<header>")[1].split("</header>")[0]  # the statement's own
        self.assertIn('<a class="button sign-cta" href="#sign">Sign this statement</a>', header)
        panel = html.split('id="sign"')[1]
        self.assertIn('<form class="sign-form', panel.split("</aside>")[0])
        # Before the statement's text ends, nothing of the panel; the form follows the text
        # (on phones), and the list of signatories follows the form.
        self.assertLess(html.index("statement-body"), html.index('id="sign"'))

    def test_the_signatures_are_read_once_for_the_panel_and_the_list(self):
        with (
            override_settings(SIGNATURE_BLOCK_CACHE_SECONDS=0, STATEMENT_PAGE_CACHE_SECONDS=0),
            CaptureQueriesContext(connection) as queries,
        ):
            html = self.client.get(self.url).content.decode()
        self.assertIn('class="sign-panel"', html)
        self.assertIn('class="share"', html)
        reads = [q for q in queries if "signatures_organizationsignature" in q["sql"]]
        self.assertEqual(len(reads), 1)

    def test_the_shared_page_carries_no_inline_script_and_no_nonce(self):
        self.client.get(self.url)
        html = self.client.get(self.url).content.decode()  # the cached copy
        self.assertNotIn("nonce", html)
        self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])

    def test_it_shows_the_count_against_the_goal(self):
        Statement.objects.filter(pk=self.statement.pk).update(signature_goal=40)
        add(self.statement, 10)
        html = self.page()
        self.assertIn('<progress class="goal-bar" max="40" value="10"', html)
        self.assertIn("25% of the goal of 40 signatures", html)
        add(self.statement, 35, prefix="203.0.113.0/24")
        html = self.page()
        self.assertIn('max="40" value="40"', html)
        self.assertIn("The goal of 40 signatures is reached.", html)

    def test_without_a_goal_there_is_no_bar(self):
        add(self.statement, 3)
        self.assertNotIn("<progress", self.page())

    def test_it_shows_todays_momentum_from_the_maintained_counts(self):
        self.assertNotIn('class="momentum"', self.page())
        add(self.statement, 4)
        counting.fold(self.statement.pk, until=timezone.now() + dt.timedelta(seconds=1))
        later = timezone.now() + dt.timedelta(seconds=2)  # above the watermark: counted live
        add(self.statement, 2, prefix="203.0.113.0/24", confirmed_at=later)
        self.assertIn('<p class="momentum">+6 today</p>', self.page())

    def test_the_closing_time_shows_on_the_clock_of_its_zone(self):
        closes = dt.datetime(timezone.now().year + 1, 1, 15, 23, 59, tzinfo=dt.UTC)
        Statement.objects.filter(pk=self.statement.pk).update(
            signing_deadline=closes, signing_deadline_zone="Asia/Baku"
        )
        html = self.page()
        self.assertIn("Signing closes on", html)
        self.assertIn(f'datetime="{closes.year}-01-15T23:59:00Z"', html)
        self.assertIn("<bdi>Baku</bdi> time", html)

    def test_signatory_organizations_fold_into_one_sentence(self):
        self.sign_for(self.alpha, self.gamma, make_org("delta", "CL"))
        html = self.page()
        self.assertRegex(
            html, r'<details class="signatories"><summary>3 organizations in 2 countries</summary>'
        )
        self.assertIn("<bdi>Alpha Union</bdi>", html)

    def test_one_organization_in_one_country_is_singular(self):
        self.sign_for(self.alpha, initial=False)
        self.assertIn("<summary>1 organization in 1 country</summary>", self.page())

    def test_it_names_the_targets_of_a_linked_campaign_and_where_to_act(self):
        Coalition.objects.filter(pk=self.coalition.pk).update(is_public=True)
        campaign = make_campaign(self.coalition)
        campaign.statements.add(self.statement)
        Target.objects.create(campaign=campaign, name="Ministry of Finance", kind="government")
        html = self.page()
        self.assertIn("Addressed to:", html)
        finance = '<bdi lang="en" dir="ltr">Ministry of Finance</bdi>'
        self.assertIn(f'{finance}, <bdi lang="en" dir="ltr">Ministry', html)
        self.assertIn(f'href="/campaigns/{campaign.slug}/near/"', html)

    def test_a_campaign_of_a_private_coalition_is_not_shown(self):
        Coalition.objects.filter(pk=self.coalition.pk).update(is_public=False)
        campaign = make_campaign(self.coalition)
        campaign.statements.add(self.statement)
        self.assertNotIn("Ministry of Labour", self.page())


class PrintViewTestCase(PageTestCase):
    def test_the_printout_has_no_form_but_the_address_and_every_organization(self):
        orgs = [make_org(f"org{n:02}", "AR") for n in range(30)]
        self.sign_for(*orgs)
        html = self.page("print/")
        self.assertNotIn('<form class="sign-form', html)
        self.assertNotIn('name="email"', html)
        self.assertNotIn("<details", html)  # nothing folded on paper
        self.assertIn('Sign online: <a href="http://127.0.0.1:8000/s/joint-declaration/"', html)
        for org in orgs:
            self.assertIn(f"<bdi>{org.name}</bdi>", html)
        self.assertIn("30 organizations in 1 country", html)
