"""A campaign's RSS and Atom feeds of its newest actions: each action's time written as every
page writes it, in the feed's language."""

import feedparser
from django.utils import translation

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.lib import dates
from caucus.test import BaseTestCase


class CampaignFeedTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.event = make_event(cls.campaign, cls.alpha)

    def test_an_action_says_when_in_the_shared_date_style_on_the_places_clock(self):
        feed = feedparser.parse(self.client.get("/campaigns/spring/feed/rss/").content)
        description = feed.entries[0].description
        self.assertTrue(
            description.startswith(
                "<p>4 March 2031, 18:00 (Istanbul time, UTC+03:00) · Main square, Istanbul · ALPHA"
            ),
            description,
        )
        self.assertNotIn("2031-03-04", description)
        self.assertNotIn("Europe/Istanbul", description)

    def test_a_feed_in_greek_writes_the_time_in_greek(self):
        feed = feedparser.parse(self.client.get("/campaigns/spring/feed/atom/?lang=el").content)
        with translation.override("el"):
            when = dates.place_datetime(self.event.starts_at, "Europe/Istanbul")
        self.assertIn("Μαρτίου", when)  # the month in Greek, in its genitive
        self.assertTrue(
            feed.entries[0].summary.startswith(f"<p>{when} · "), feed.entries[0].summary
        )

    def test_the_place_and_organizer_are_text_not_markup(self):
        make_event(
            self.campaign,
            self.alpha,
            title="Picket",
            venue='<img src="https://tracker.example/x"> Hall & Co',
            start=self.event.starts_at.replace(tzinfo=None).replace(day=5),
        )
        raw = self.client.get("/campaigns/spring/feed/rss/").content.decode()
        feed = feedparser.parse(raw)
        picket = next(e for e in feed.entries if e.title.startswith("Picket"))
        self.assertIn("&lt;img", picket.description)
        self.assertIn("Hall &amp; Co", picket.description)
        self.assertNotIn('tracker.example/x"', picket.description.replace("&quot;", ""))
