"""Dates at the ends of the calendar (year 1, year 9999) in the calendar's parameters and in an
event's times: a field error or a clean page, never a server error (security review #13)."""

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Event
from caucus.campaigns.tests.helpers import make_campaign
from caucus.campaigns.tests.test_api import event_body
from caucus.lib.zones import zone_choices

ZONES = st.sampled_from([name for name, _label in zone_choices()])
FUZZ = settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


class FarDatesTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)

    def test_the_calendar_shows_a_clean_page_for_far_weeks_and_months(self):
        url = "/campaigns/spring/calendar/"
        for query in (
            "?week=9999-12-31&view=week",
            "?week=0001-01-01&view=week",
            "?month=9999-12&view=month",
            "?month=0001-01&view=month",
        ):
            for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
                with self.subTest(query=query, zone=zone):
                    response = self.client.get(f"{url}{query}&tz={zone}")
                    self.assertEqual(response.status_code, 200)

    def test_a_far_date_filter_is_a_field_error(self):
        for day in ("9999-12-31", "0001-01-01"):
            with self.subTest(day=day):
                response = self.client.get(f"/campaigns/spring/calendar/?date={day}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("date", response.context["form"].errors)
                api = self.client.get(f"/api/v1/campaigns/spring/events?date={day}")
                self.assertEqual(api.status_code, 422, api.content)

    def test_registering_an_event_in_year_9999_or_1_is_a_field_error(self):
        for start, end, zone, said in (
            # A year the document allows reaches the rule of the form...
            ("9999-12-31T23:00:00", "9999-12-31T23:30:00", "America/Santiago", "too far"),
            # ...one it does not is refused by the schema, in words and not as a regex.
            ("0001-01-01T00:30:00", "0001-01-01T01:00:00", "Asia/Tokyo", "from 1000 to 9999"),
        ):
            with self.subTest(start=start):
                body = event_body(
                    organization="alpha",
                    start=start,
                    end=end,
                    time_zone=zone,
                    allow_outside_dates=True,
                )
                response = self.call(self.as_("delegate"), "post", "/campaigns/spring/events", body)
                self.assertEqual(response.status_code, 422, response.content)
                errors = {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}
                self.assertIn(said, errors["start"])
        self.assertFalse(Event.objects.exists())


class FarDatesFuzzTestCase(ApiTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)

    @FUZZ
    @given(day=st.dates(), zone=ZONES, view=st.sampled_from(["week", "month", "list"]))
    def test_any_date_in_any_zone_gives_a_page(self, day: date, zone: str, view: str):
        query = f"view={view}&week={day.isoformat()}&month={day:%Y-%m}&tz={zone}"
        response = self.client.get(f"/campaigns/spring/calendar/?{query}&date={day.isoformat()}")
        self.assertEqual(response.status_code, 200)
        api = self.client.get(f"/api/v1/campaigns/spring/events?date={day.isoformat()}&tz={zone}")
        self.assertIn(api.status_code, (200, 422))

    @FUZZ
    @given(start=st.datetimes(), zone=ZONES)
    def test_any_event_time_in_any_zone_is_saved_or_refused(self, start: datetime, zone: str):
        body = event_body(
            organization="alpha",
            start=start.isoformat(timespec="minutes"),
            end=start.replace(minute=59).isoformat(timespec="minutes"),
            time_zone=zone,
            allow_outside_dates=True,
        )
        response = self.call(self.as_("delegate"), "post", "/campaigns/spring/events", body)
        self.assertIn(response.status_code, (201, 422), response.content)
