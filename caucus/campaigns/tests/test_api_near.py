"""The API's `near` query on a campaign's events: nearest first with distance_km, field
errors for bad points, the attendee count only where the organizers show it."""

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Rsvp
from caucus.campaigns.tests.test_near import NearSetup
from caucus.test import build_cast

PATH = "/api/v1/campaigns/spring/events"


class NearApiTestCase(NearSetup, ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_places()

    def items(self, **query) -> list[dict]:
        response = self.client.get(PATH, query)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["items"]

    def test_it_lists_the_nearest_first_with_distances(self):
        items = self.items(near="La Plata", near_country="AR")
        self.assertEqual(
            [i["city"] for i in items], ["La Plata", "Buenos Aires", "Santiago", "Istanbul"]
        )
        self.assertEqual(items[0]["distance_km"], 0)
        self.assertGreater(items[1]["distance_km"], 40)
        self.assertLess(items[1]["distance_km"], 70)
        self.assertIsNone(self.items()[0]["distance_km"])

    def test_a_point_and_a_radius_work_too(self):
        items = self.items(near_lat=-34.6, near_lon=-58.4, radius_km=100)
        self.assertEqual({i["city"] for i in items}, {"Buenos Aires", "La Plata"})

    def test_other_filters_still_apply(self):
        self.assertEqual(
            self.items(near="La Plata", near_country="AR", country="CL")[0]["city"], "Santiago"
        )

    def test_bad_points_are_field_errors(self):
        for query, field in [
            ({"near": "Santiago"}, "near_country"),
            ({"near": "Nowhereville"}, "near"),
            ({"near_lat": 10}, "near_lon"),
            ({"near_lat": 91, "near_lon": 0}, "near_lat"),
            ({"near_country": "AR"}, "near"),
            ({"near": "La Plata", "radius_km": 0}, "radius_km"),
        ]:
            with self.subTest(query=query):
                response = self.client.get(PATH, query)
                self.assertEqual(response.status_code, 422, response.content)
                locs = [e["loc"][-1] for e in response.json()["errors"]]
                self.assertIn(field, locs)

    def test_the_count_of_people_coming_shows_only_when_the_organizers_allow(self):
        event = self.campaign.events.get(title="Action in Istanbul")
        Rsvp.objects.create(
            event=event, name="Pat", email="p@example.net", email_index="x", state="confirmed"
        )
        url = f"/api/v1/events/{event.uid}"
        self.assertIsNone(self.client.get(url).json()["confirmed_rsvps"])
        self.assertEqual(self.as_("delegate").get(url).json()["confirmed_rsvps"], 1)
        event.show_attendees = True
        event.save(update_fields=["show_attendees"])
        got = self.client.get(url).json()
        self.assertEqual((got["show_attendees"], got["confirmed_rsvps"]), (True, 1))

    def test_the_near_query_is_documented(self):
        schema = self.client.get("/api/openapi.json").json()
        operation = schema["paths"]["/api/v1/campaigns/{slug}/events"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        self.assertLessEqual({"near", "near_country", "near_lat", "near_lon", "radius_km"}, names)


class NearApiBadInputTestCase(NearSetup, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        build_cast(cls)
        cls.make_places()

    @settings(max_examples=40, deadline=None)
    @given(
        near=st.text(max_size=130).map(lambda t: t.replace("\x00", "")),
        near_country=st.text(max_size=3).map(lambda t: t.replace("\x00", "")),
        near_lat=st.one_of(st.none(), st.floats(allow_nan=True), st.text(max_size=5)),
        radius_km=st.one_of(st.none(), st.floats(-10, 30_000)),
    )
    def test_it_answers_200_or_a_field_error(self, near, near_country, near_lat, radius_km):
        query = {"near": near, "near_country": near_country}
        if near_lat is not None:
            query |= {"near_lat": near_lat, "near_lon": 0}
        if radius_km is not None:
            query["radius_km"] = radius_km
        response = self.client.get(PATH, query)
        self.assertIn(response.status_code, (200, 422), response.content[:300])
