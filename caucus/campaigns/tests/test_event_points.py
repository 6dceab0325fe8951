"""An action's published point is its city's, never a venue's (RSVP-only addresses stay private)."""

import importlib

from django.apps import apps

from caucus.campaigns.cities import find_city
from caucus.campaigns.models import AddressVisibility, Event
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import BaseTestCase

migration = importlib.import_module("caucus.campaigns.migrations.0008_events_on_city_points")


class EventPointTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        cls.event = make_event(
            cls.campaign,
            cls.alpha,
            actor=cls.coordinator,
            address="12 Secret Street",
            address_visibility=AddressVisibility.RSVP,
        )
        cls.istanbul = find_city("Istanbul", "TR")

    def plant_venue_point(self):
        # What an organizer could type before, or what the old demo scattered.
        Event.objects.filter(pk=self.event.pk).update(latitude=41.03712, longitude=28.98512)

    def test_the_migration_moves_old_venue_points_onto_the_city(self):
        self.plant_venue_point()
        unknown = make_event(
            self.campaign, self.alpha, actor=self.coordinator, city="Nowhere-ville"
        )
        Event.objects.filter(pk=unknown.pk).update(latitude=1.23456, longitude=2.34567)
        migration.events_on_city_points(apps, None)
        self.event.refresh_from_db()
        unknown.refresh_from_db()
        self.assertEqual(
            (self.event.latitude, self.event.longitude),
            (self.istanbul.latitude, self.istanbul.longitude),
        )
        self.assertEqual((unknown.latitude, unknown.longitude), (None, None))

    def test_the_api_and_ical_publish_the_city_point(self):
        migration.events_on_city_points(apps, None)
        data = self.client.get(f"/api/v1/events/{self.event.uid}").json()
        self.assertEqual(
            (data["latitude"], data["longitude"]),
            (self.istanbul.latitude, self.istanbul.longitude),
        )
        ics = self.client.get(f"/campaigns/{self.campaign.slug}/calendar.ics").content.decode()
        self.assertNotIn("41.03712", ics)
        self.assertNotIn("Secret Street", ics)

    def test_the_demo_places_actions_on_their_city(self):
        import random
        from datetime import date

        from caucus.campaigns import demo

        events = demo._events(
            self.campaign,
            self.coalition,
            random.Random(7),
            date(2031, 3, 1),
            date(2031, 3, 4),
            date(2031, 3, 11),
        )
        self.assertTrue(events)
        for event in events:
            city = find_city(event.city, event.country)
            self.assertEqual((event.latitude, event.longitude), (city.latitude, city.longitude))
