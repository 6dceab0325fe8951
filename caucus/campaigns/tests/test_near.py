"""Find an action near you: nearest first with distances, city choices, bad input, queries."""

from datetime import datetime

from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.campaigns.cities import distance_km, find_city
from caucus.campaigns.models import PlaceCount
from caucus.campaigns.near import Origin, ranked_places
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.test import BaseTestCase, build_cast, on_test_day

PLACES = [  # city, country, zone
    ("Buenos Aires", "AR", "America/Argentina/Buenos_Aires"),
    ("La Plata", "AR", "America/Argentina/Buenos_Aires"),
    ("Santiago", "CL", "America/Santiago"),
    ("Istanbul", "TR", "Europe/Istanbul"),
]


class NearSetup:
    @classmethod
    def make_places(cls):
        cls.campaign = make_campaign(cls.coalition)
        for city, country, zone in PLACES:
            make_event(
                cls.campaign,
                cls.alpha,
                city=city,
                country=country,
                zone=zone,
                title=f"Action in {city}",
            )
        # Not offered: over already, or still waiting for a coordinator.
        make_event(
            cls.campaign,
            cls.alpha,
            city="La Plata",
            country="AR",
            zone="America/Argentina/Buenos_Aires",
            start=datetime(2020, 3, 4, 18, 0),
            title="Past action in La Plata",
        )
        make_event(
            cls.campaign,
            cls.alpha,
            city="La Plata",
            country="AR",
            zone="America/Argentina/Buenos_Aires",
            title="Pending proposal in La Plata",
            approval="pending",
        )


@on_test_day
class NearPageTestCase(NearSetup, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_places()

    def near(self, **query):
        return self.client.get(f"/campaigns/{self.campaign.slug}/near/", query)

    def test_it_lists_the_nearest_places_first_with_their_distance(self):
        response = self.near(city="la plata", country="AR")
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        order = [text.index(f"Action in {city}") for city, _c, _z in PLACES]
        la_plata, buenos_aires, santiago, istanbul = order[1], order[0], order[2], order[3]
        self.assertLess(la_plata, buenos_aires)
        self.assertLess(buenos_aires, santiago)
        self.assertLess(santiago, istanbul)
        here, there = find_city("La Plata", "AR"), find_city("Buenos Aires", "AR")
        km = round(distance_km(here.latitude, here.longitude, there.latitude, there.longitude))
        self.assertContains(response, f"{km} km")
        self.assertContains(response, "under 1 km")
        self.assertNotContains(response, "Past action")
        self.assertNotContains(response, "Pending proposal")

    def test_distances_are_grouped_by_the_readers_language(self):
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            response = self.near(city="Istanbul", country="TR")
        here, there = find_city("Istanbul", "TR"), find_city("Santiago", "CL")
        km = round(distance_km(here.latitude, here.longitude, there.latitude, there.longitude))
        self.assertContains(response, f"{km:,} km")

    def test_a_shared_name_asks_which_city(self):
        response = self.near(city="Santiago")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Which one do you mean?")
        self.assertContains(response, "city=Santiago&amp;country=CL")
        self.assertNotContains(response, "Action in")
        chosen = self.near(city="Santiago", country="CL")
        self.assertContains(chosen, "Upcoming actions nearest <bdi>Santiago</bdi>, Chile")

    def test_a_clear_leader_is_chosen_and_the_others_offered(self):
        response = self.near(city="Paris")
        self.assertContains(response, "Upcoming actions nearest <bdi>Paris</bdi>, France")
        self.assertContains(response, "Not this one?")
        self.assertContains(response, "city=Paris&amp;country=US")

    def test_an_unknown_city_is_a_field_error(self):
        response = self.near(city="Nowhereville")
        self.assertEqual(response.status_code, 400)
        self.assertIn("city", response.context["form"].errors)
        self.assertContains(response, "We do not know a city called Nowhereville", status_code=400)

    def test_a_country_alone_opens_the_calendar_of_that_country(self):
        response = self.near(country="CL")
        self.assertRedirects(
            response, f"/campaigns/{self.campaign.slug}/calendar/?country=CL", status_code=302
        )

    def test_an_empty_search_says_what_to_give(self):
        response = self.near(city=" ")
        self.assertContains(response, "Type a city, or choose a country.", status_code=400)

    def test_it_reads_a_bounded_number_of_queries(self):
        # The campaign, its places (suggestions), three rings of places (this campaign has
        # fewer than a search ranks), the per-place count, and one query per place shown;
        # whatever the number of events behind them.
        with self.assertNumQueries(10):
            self.near(city="La Plata", country="AR")
        for n in range(5):
            make_event(
                self.campaign,
                self.alpha,
                city="Santiago",
                country="CL",
                zone="America/Santiago",
                title=f"S{n}",
            )
        with self.assertNumQueries(10):
            self.near(city="La Plata", country="AR")

    def test_it_pages_in_distance_order(self):
        for n in range(25):
            make_event(
                self.campaign,
                self.alpha,
                city="La Plata",
                country="AR",
                zone="America/Argentina/Buenos_Aires",
                title=f"Picket {n:02d}",
            )
        first = self.near(city="La Plata", country="AR").content.decode()
        second = self.near(city="La Plata", country="AR", page=2).content.decode()
        self.assertIn("Picket 00", first)
        self.assertNotIn("Action in Buenos Aires", first)
        self.assertIn("Action in Buenos Aires", second)
        self.assertIn("Action in Istanbul", second)

    def test_the_campaign_page_offers_the_search_and_all_actions(self):
        response = self.client.get(self.campaign.get_absolute_url())
        self.assertContains(response, f'action="/campaigns/{self.campaign.slug}/near/"')
        self.assertContains(response, '<option value="La Plata">')
        events = response.context["counts"]["events"]
        self.assertContains(response, f"See all {events} actions")


class PlacePointTestCase(NearSetup, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_places()

    def test_places_sit_on_their_citys_point_never_a_venues(self):
        make_event(
            self.campaign,
            self.alpha,
            city="Córdoba",
            country="AR",
            zone="America/Argentina/Cordoba",
            latitude=-31.4123456,
            longitude=-64.1876543,
            address="Back room",
            address_visibility="rsvp",
        )
        place = PlaceCount.objects.get(campaign=self.campaign, city="Córdoba")
        city = find_city("Córdoba", "AR")
        self.assertEqual((place.latitude, place.longitude), (city.latitude, city.longitude))

    def test_ranking_crosses_the_antimeridian(self):
        origin = Origin(-17.7, 179.9)  # Fiji, beside the ±180° line
        for city, country, zone in [("Apia", "WS", "Pacific/Apia"), ("Suva", "FJ", "Pacific/Fiji")]:
            make_event(self.campaign, self.alpha, city=city, country=country, zone=zone)
        places = ranked_places(self.campaign, origin, limit=2)
        self.assertEqual([p.city for p in places], ["Suva", "Apia"])
        self.assertLess(places[1].distance, 1_500)


class NearBadInputTestCase(NearSetup, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        build_cast(cls)
        cls.make_places()

    @settings(max_examples=40, deadline=None)
    @given(
        city=st.text(max_size=200),
        country=st.text(max_size=4),
        page=st.one_of(st.text(max_size=6), st.integers(-5, 10**9).map(str)),
    )
    def test_it_never_fails_on_bad_input(self, city, country, page):
        query = {"city": city.replace("\x00", ""), "country": country.replace("\x00", "")}
        response = self.client.get(
            f"/campaigns/{self.campaign.slug}/near/", {**query, "page": page}
        )
        self.assertIn(response.status_code, (200, 302, 400))
