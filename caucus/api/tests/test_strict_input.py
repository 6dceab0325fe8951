"""The API takes each value only in its own JSON type and every body only as an object with
known fields (issue "API: tell the truth"); every refusal has one shape and changes nothing."""

import json

from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase, db_state
from caucus.campaigns.tests.helpers import make_campaign
from caucus.statements.models import Statement

WATCHED = ["campaigns.Campaign", "statements.Statement"]


def state() -> dict:
    rows = {label: list(apps.get_model(label).objects.values()) for label in WATCHED}
    return {**db_state(), **rows}


def campaign_body(**overrides) -> dict:
    body = {
        "title": "Spring of Action",
        "slug": "spring",
        "summary": "Two weeks",
        "description": "",
        "starts_on": "2031-03-01",
        "ends_on": "2031-03-14",
        "hashtag": "#Spring",
        "status": "active",
        "registration": "hosts",
        "days": [{"date": "2031-03-04", "name": "First day", "hashtag": "#D1"}],
        "demands": ["Fair wages"],
        "targets": [{"name": "Ministry of Labour", "kind": "government", "country": "TR"}],
        "statements": [],
    }
    return {**body, **overrides}


class StrictInputTestCase(ApiTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)

    def send(self, method: str, path: str, body) -> object:
        raw = body if isinstance(body, str) else json.dumps(body)
        return self.call(self.as_("coordinator", "token"), method, path, raw)

    def assertInvalidAt(self, response, before: dict, *places: tuple) -> None:
        self.assertEqual(response.status_code, 422, response.content)
        body = response.json()
        self.assertIsInstance(body["detail"], str)
        self.assertEqual({tuple(e["loc"]) for e in body["errors"]}, set(places), body)
        self.assertEqual(state(), before)

    def test_a_number_is_not_a_date(self):
        """Review F1: `"starts_on": 0` saved a campaign starting on 1970-01-01."""
        before = state()
        for value in (0, 86400, 1.5, True, "0", "86400", "2031-3-1", "tomorrow"):
            with self.subTest(value=value):
                response = self.send("put", "/campaigns/spring", campaign_body(starts_on=value))
                self.assertInvalidAt(response, before, ("body", "starts_on"))

    def test_a_dateline_sent_as_seconds_is_refused(self):
        response = self.send(
            "post",
            "/coalitions/united/statements",
            {"title": "On wages", "body": "We resolve.", "language": "en"},
        )
        slug = response.json()["slug"]
        before = state()
        response = self.send("patch", f"/statements/{slug}", {"dateline_date": 86400})
        self.assertInvalidAt(response, before, ("body", "dateline_date"))
        response = self.send("patch", f"/statements/{slug}", {"dateline_date": "2031-03-02"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(str(Statement.objects.get(slug=slug).dateline_date), "2031-03-02")

    def test_text_is_not_a_boolean_and_unknown_fields_are_refused(self):
        before = state()
        response = self.send("patch", "/coalitions/united", {"is_public": "yes"})
        self.assertInvalidAt(response, before, ("body", "is_public"))
        response = self.send("patch", "/coalitions/united", {"nmae": "Typo"})
        self.assertInvalidAt(response, before, ("body", "nmae"))
        response = self.send("put", "/campaigns/spring", campaign_body(days=[{"date": 0}]))
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(state(), before)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        body=st.one_of(
            st.lists(st.none() | st.integers() | st.text(max_size=5), max_size=3),
            st.integers(),
            st.text(max_size=10),
            st.booleans(),
            st.none(),
        )
    )
    def test_a_body_that_is_not_an_object_is_refused(self, body):
        """`[null, null]`, "x" and 42 answered 200 to a PATCH that changed nothing."""
        before = state()
        for method, path in [
            ("patch", "/coalitions/united"),
            ("patch", "/organizations/alpha"),
            ("put", "/campaigns/spring"),
        ]:
            response = self.send(method, path, json.dumps(body))
            self.assertInvalidAt(response, before, ("body",))

    def test_a_body_that_is_not_json_is_a_400_in_the_same_shape(self):
        before = state()
        response = self.send("patch", "/coalitions/united", "{not json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["errors"][0]["loc"], ["body"])
        self.assertEqual(state(), before)

    def test_a_refusal_by_the_objects_state_is_a_409(self):
        only = self.coalition.coordinators.get()
        before = state()
        response = self.send("delete", f"/coalitions/united/coordinators/{only.pk}", "")
        self.assertEqual(response.status_code, 409, response.content)
        self.assertEqual(
            response.json(),
            {
                "detail": "A coalition needs at least one coordinator.",
                "errors": [
                    {
                        "loc": ["body"],
                        "msg": "A coalition needs at least one coordinator.",
                        "type": "invalid",
                    }
                ],
            },
        )
        self.assertEqual(state(), before)
