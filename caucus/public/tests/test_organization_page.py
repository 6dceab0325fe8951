"""An organization's public page lists what it published, what it co-signed and the actions
it hosts (the review found "No statements yet" for an organization that co-signed); the main
navigation reaches statements, campaigns and cases."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.utils import timezone

from caucus.campaigns.models import Campaign, Event
from caucus.signatures import services
from caucus.signatures.tests.helpers import make_statement
from caucus.test import BaseTestCase
from caucus.testing.needs import another_coalition


def action(organization, days: int, title: str) -> Event:
    starts = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        organization=organization,
        title=title,
        kind="rally",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Santiago",
        city="Valparaíso",
        country="CL",
    )


class OrganizationPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition.member_list = "public"
        cls.coalition.save()
        cls.declaration = make_statement(slug="joint-declaration", coalition=cls.coalition)
        services.organization_sign(
            statement=cls.declaration, organization=cls.gamma, actor=cls.gamma_admin
        )

    def test_a_co_signed_statement_is_listed(self):
        page = self.client.get("/o/gamma/")
        self.assertContains(page, "Co-signed (1)")
        self.assertContains(page, 'href="/s/joint-declaration/"')
        self.assertContains(page, "has published no statement of its own yet.")
        self.assertNotContains(page, "No statements yet.")

    def test_its_own_statements_and_its_actions_soonest_first(self):
        make_statement(slug="gamma-says", organization=self.gamma)
        later, sooner = action(self.gamma, 9, "Later rally"), action(self.gamma, 2, "Sooner rally")
        action(self.gamma, -5, "Last week's rally")
        page = self.client.get("/o/gamma/")
        self.assertContains(page, "Statements (1)")
        self.assertContains(page, "Coming actions (2)")
        content = page.content.decode()
        self.assertLess(content.index(sooner.title), content.index(later.title))
        self.assertContains(page, "Recent actions")
        self.assertContains(page, "Last week&#x27;s rally")

    def test_each_list_pages_on_its_own(self):
        for n in range(12):
            action(self.gamma, n + 1, f"Action number {n:02d}")
        page = self.client.get("/o/gamma/?actions=2&cosigned=1")
        self.assertContains(page, "Action number 10")
        self.assertNotContains(page, "Action number 09")
        self.assertContains(page, 'href="?actions=1&amp;cosigned=1#actions"')

    def test_the_query_count_does_not_grow_with_the_lists(self):
        for n in range(4):
            coalition = another_coalition(f"c{n}", [self.gamma])
            statement = make_statement(slug=f"cosigned-{n}", coalition=coalition)
            services.organization_sign(
                statement=statement, organization=self.gamma, actor=self.gamma_admin
            )
            make_statement(slug=f"own-{n}", organization=self.gamma)
            action(self.gamma, n + 1, f"Rally {n}")
        with self.assertNumQueries(13):
            self.client.get("/o/gamma/")


class NavigationTestCase(BaseTestCase):
    def test_the_main_navigation_reaches_statements_campaigns_and_cases(self):
        page = self.client.get("/")
        for href in ("/statements/", "/campaigns/", "/cases/"):
            self.assertContains(page, f'<a href="{href}">')

    def test_the_campaigns_list_shows_public_campaigns_running_first(self):
        today = timezone.localdate()
        Campaign.objects.create(
            coalition=self.coalition,
            title="Spring of Action",
            slug="spring",
            starts_on=today,
            ends_on=today + timedelta(days=14),
        )
        Campaign.objects.create(
            coalition=self.coalition,
            title="Old Autumn",
            slug="autumn",
            starts_on=today - timedelta(days=100),
            ends_on=today - timedelta(days=90),
        )
        hidden = another_coalition("hidden", [self.alpha])
        hidden.is_public = False
        hidden.save()
        Campaign.objects.create(
            coalition=hidden, title="Secret", slug="secret", starts_on=today, ends_on=today
        )
        page = self.client.get("/campaigns/")
        content = page.content.decode()
        self.assertLess(content.index("Spring of Action"), content.index("Old Autumn"))
        self.assertNotContains(page, "Secret")

    def test_a_campaign_runs_until_its_last_day_ends_on_the_readers_clock(self):
        # At 23:30 UTC on 4 March it is 5 March in Tokyo and still 4 March in Santiago.
        Campaign.objects.create(
            coalition=self.coalition,
            title="Ends Today",
            slug="ends",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 4),
        )
        with time_machine.travel(datetime(2026, 3, 4, 23, 30, tzinfo=UTC), tick=False):
            for zone, running in [("Asia/Tokyo", False), ("America/Santiago", True)]:
                with self.subTest(zone=zone):
                    page = self.client.get("/campaigns/", {"tz": zone})
                    current = [c.slug for c in page.context["current"]]
                    self.assertEqual(current, ["ends"] if running else [])
