"""An organization's own events outside any campaign through the API (as /events/new/<org>/
in the browser): who may register one, the same field rules, and the public listing."""

from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.campaigns.models import Event
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.campaigns.tests.test_api import event_body
from caucus.test import OK, expect

PRIVATE = "Room 9, Hidden House"
WATCHED = ["campaigns.Event", "campaigns.PlaceCount", "audit.AuditEntry"]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


class StandaloneEventApiTestCase(ApiTestCase):
    watched = WATCHED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alpha.is_public = True
        cls.alpha.save()

    def test_who_may_register_for_alpha(self):
        """Alpha's people with a second factor (the coordinator is a delegate of alpha too)."""
        alphas = expect(403, anonymous=401, delegate=OK, editor=OK, org_admin=OK, coordinator=OK)
        path = "/organizations/alpha/events"
        self.check_api("post", path, alphas, event_body(), allowed=201)

    def test_it_registers_in_the_citys_zone_outside_any_campaign(self):
        body = event_body(city="Lima", country="PE", start="2031-07-28T10:00")
        body["end"] = "2031-07-28T12:00"
        response = self.call(
            self.as_("editor", "token"), "post", "/organizations/alpha/events", body
        )
        self.assertEqual(response.status_code, 201, response.content)
        made = response.json()
        self.assertEqual((made["campaign"], made["organization"]), (None, "alpha"))
        self.assertEqual(made["local_start"], "2031-07-28T10:00:00-05:00")
        self.assertIsNone(Event.objects.get().campaign)

    def test_field_errors_change_nothing(self):
        for overrides, field in [
            ({"end": "2031-03-04T17:00"}, "end"),
            ({"time_zone": "Mars/Olympus"}, "time_zone"),
            ({"address": "x" * 501}, "address"),
            ({"city": "Nowhere", "country": "TR"}, "city"),
        ]:
            with self.subTest(field=field):
                before = snapshot()
                response = self.call(
                    self.as_("delegate"),
                    "post",
                    "/organizations/alpha/events",
                    event_body(**overrides),
                )
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(snapshot(), before)
                locs = {tuple(e["loc"]) for e in response.json()["errors"]}
                self.assertIn(("body", field), locs)

    def test_the_public_listing_hides_private_addresses_and_private_coalitions(self):
        own = make_event(
            None, self.alpha, title="Own", address=PRIVATE, address_visibility="hidden"
        )
        campaign = make_campaign(self.coalition)
        make_event(campaign, self.alpha, title="In the campaign")
        listing = self.call(self.as_("anonymous"), "get", "/organizations/alpha/events").json()
        self.assertEqual({e["title"] for e in listing["items"]}, {"Own", "In the campaign"})
        self.assertNotIn(PRIVATE, str(listing))
        mine = self.call(self.as_("delegate"), "get", "/organizations/alpha/events").json()
        self.assertIn(PRIVATE, str(mine))
        self.coalition.is_public = False
        self.coalition.save()
        listing = self.call(self.as_("anonymous"), "get", "/organizations/alpha/events").json()
        self.assertEqual([e["uid"] for e in listing["items"]], [str(own.uid)])
        self.alpha.is_public = False
        self.alpha.save()
        self.assertEqual(
            self.call(self.as_("anonymous"), "get", "/organizations/alpha/events").status_code, 404
        )


class StandaloneFuzzTestCase(ApiTestCase, HypothesisTestCase):
    """Free-form values in every field: an event made, or field errors and nothing changed."""

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                key: st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none())
                for key in (
                    "title",
                    "kind",
                    "city",
                    "country",
                    "time_zone",
                    "start",
                    "end",
                    "start_fold",
                    "address",
                    "latitude",
                    "longitude",
                    "capacity",
                    "online_url",
                )
            },
        )
    )
    def test_any_body(self, overrides):
        before = snapshot()
        response = self.call(
            self.as_("delegate", "token"),
            "post",
            "/organizations/alpha/events",
            {**event_body(), **overrides},
        )
        self.assertIn(response.status_code, (201, 422), response.content)
        if response.status_code == 422:
            self.assertEqual(snapshot(), before)
