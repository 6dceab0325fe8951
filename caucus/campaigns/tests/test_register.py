"""Registering an event: the place's wall clock, and every kind of bad input refused."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.campaigns.models import Event
from caucus.campaigns.tests.helpers import event_post, make_campaign
from caucus.test import BaseTestCase


class RegisterEventTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)
        cls.url = f"/campaigns/{cls.campaign.slug}/register/alpha/"

    def post(self, **overrides):
        self.client.force_login(self.delegate)
        return self.client.post(self.url, event_post(**overrides))

    def assertRefused(self, response, field, text=""):
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertIn(field, errors, errors)
        if text:
            self.assertIn(text, " ".join(errors[field]))
        self.assertFalse(Event.objects.exists())

    def test_it_registers_in_the_citys_zone(self):
        response = self.post(
            city="Santiago", country="CL", start="2031-03-04T19:00", end="2031-03-04T21:00"
        )
        event = Event.objects.get()
        self.assertRedirects(response, event.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(event.time_zone, "America/Santiago")
        # March 2031 is summer time in Chile (UTC−03).
        self.assertEqual(event.starts_at, datetime(2031, 3, 4, 22, 0, tzinfo=UTC))
        self.assertEqual(event.organization, self.alpha)
        self.assertAlmostEqual(event.latitude, -33.45694, places=3)
        self.assertEqual(self.campaign.places.get().events, 1)

    def test_it_refuses_end_before_start(self):
        self.assertRefused(self.post(end="2031-03-04T17:00"), "end", "after the start")

    def test_it_refuses_an_unknown_time_zone(self):
        self.assertRefused(self.post(time_zone="Europe/Atlantis"), "time_zone", "not a known")

    def test_it_refuses_a_nonexistent_local_time_and_offers_choices(self):
        response = self.post(
            city="Santiago",
            country="CL",
            start="2030-09-08T00:30",
            end="2030-09-08T03:00",
            allow_outside_dates="on",
        )
        self.assertRefused(response, "start", "does not exist")
        self.assertContains(response, "2030-09-07 23:30 (UTC−04:00)", status_code=400)
        self.assertContains(response, "2030-09-08 01:30 (UTC−03:00)", status_code=400)

    def test_it_asks_which_of_two_ambiguous_times_then_accepts_the_choice(self):
        data = {
            "city": "Santiago",
            "country": "CL",
            "start": "2031-04-05T23:15",
            "end": "2031-04-06T01:00",
            "allow_outside_dates": "on",
        }
        self.assertRefused(self.post(**data), "start", "happens twice")
        self.post(start_fold="1", **data)
        event = Event.objects.get()
        self.assertEqual(event.starts_at, datetime(2031, 4, 6, 3, 15, tzinfo=UTC))

    def test_it_warns_outside_campaign_dates_and_allows_when_ticked(self):
        data = {"start": "2031-05-01T10:00", "end": "2031-05-01T12:00"}
        self.assertRefused(self.post(**data), "allow_outside_dates", "outside the campaign")
        self.post(allow_outside_dates="on", **data)
        self.assertEqual(Event.objects.count(), 1)

    def test_it_takes_the_point_from_the_city_never_typed_numbers(self):
        # A venue's exact point would give away an address shown only to confirmed RSVPs.
        self.post(latitude="41.0000001", longitude="29.0000001")
        event = Event.objects.get()
        self.assertAlmostEqual(event.latitude, 41.01384, places=4)
        self.assertAlmostEqual(event.longitude, 28.94966, places=4)
        form = self.client.get(self.url).content.decode()
        self.assertNotIn('name="latitude"', form)
        self.assertIn('list="city-suggestions"', form)
        self.assertIn('<option value="Istanbul" label="Istanbul, Türkiye">', form)

    def test_it_refuses_an_overlong_address(self):
        self.assertRefused(self.post(address="x" * 501), "address")

    def test_it_refuses_an_unknown_city_without_a_zone(self):
        self.assertRefused(self.post(city="Nowhereville"), "city")

    def test_it_accepts_an_unknown_city_with_a_zone(self):
        self.post(
            city="Hamlet", time_zone="Asia/Baku", country="AZ", latitude="40.1", longitude="49.2"
        )
        event = Event.objects.get()
        self.assertEqual(event.time_zone, "Asia/Baku")
        self.assertEqual((event.latitude, event.longitude), (None, None))

    def test_it_requires_a_link_for_online_events(self):
        self.assertRefused(self.post(kind="online"), "online_url")

    def test_it_refuses_registering_for_another_organization(self):
        self.client.force_login(self.outsider)
        response = self.client.post(self.url, event_post())
        self.assertEqual(response.status_code, 403)
        response = self.client.post(f"/campaigns/{self.campaign.slug}/register/beta/", event_post())
        self.assertEqual(response.status_code, 403)  # beta is not in the coalition
        self.assertFalse(Event.objects.exists())

    def test_it_requires_a_second_factor(self):
        self.client.force_login(self.nomfa)
        self.assertEqual(self.client.post(self.url, event_post()).status_code, 403)
        self.assertFalse(Event.objects.exists())


class RegisterEventFuzzTestCase(BaseTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)

    @settings(max_examples=25, deadline=None)
    @given(
        start=st.text(max_size=30),
        tz=st.text(max_size=40),
        lat=st.one_of(st.floats(allow_nan=True), st.text(max_size=10)).map(str),
    )
    def test_it_never_crashes_on_bad_input(self, start, tz, lat):
        self.client.force_login(self.delegate)
        response = self.client.post(
            f"/campaigns/{self.campaign.slug}/register/alpha/",
            event_post(start=start, time_zone=tz, latitude=lat, longitude="0"),
        )
        self.assertIn(response.status_code, (302, 400))
