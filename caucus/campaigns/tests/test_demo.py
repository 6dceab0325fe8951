"""The demo campaign of `make run`: two days of action, about 200 actions in about 90 cities
across many zones, and the coalition's published joint declaration linked."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caucus.campaigns import demo
from caucus.campaigns.models import Campaign, PlaceCount
from caucus.statements.models import Statement


class CampaignDemoTestCase(TestCase):
    def test_the_demo_campaign_links_the_published_declaration(self):
        out = StringIO()
        call_command("loaddemo", stdout=out)
        campaign = Campaign.objects.get(slug=demo.SLUG)
        declaration = Statement.objects.public().get(slug="joint-declaration")
        self.assertEqual(list(campaign.statements.all()), [declaration])
        self.assertIn("linked the statement joint-declaration", out.getvalue())
        page = self.client.get(campaign.get_absolute_url())
        self.assertContains(page, f'href="{declaration.get_absolute_url()}"')
        api = self.client.get(f"/api/v1/campaigns/{campaign.slug}").json()
        self.assertEqual([s["slug"] for s in api["statements"]], ["joint-declaration"])
        self.assertEqual(campaign.days.count(), 2)
        self.assertTrue(180 <= campaign.events.count() <= 220)
        self.assertTrue(80 <= PlaceCount.objects.filter(campaign=campaign).count() <= 100)
        zones = set(campaign.events.values_list("time_zone", flat=True))
        self.assertGreater(len(zones), 30)

        # A database loaded before the link existed gains it on the next run, once.
        campaign.statements.clear()
        demo.load(coalition=campaign.coalition, stdout=StringIO())
        demo.load(coalition=campaign.coalition, stdout=StringIO())
        self.assertEqual(list(campaign.statements.all()), [declaration])
