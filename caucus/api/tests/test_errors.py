"""Every refusal and failure under /api/ answers JSON: text no field can store is a 422 that
names the field, whatever the endpoint; an unexpected error is a logged 500 in JSON; unknown
paths and methods are 404 and 405 in JSON."""

import json
from unittest import mock

from django.apps import apps
from django.test import Client, RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase, db_state
from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.campaigns.tests.test_api import event_body
from caucus.solidarity.models import Case

JSON_TYPE = "application/json; charset=utf-8"
BAD = ["\ud800", "\udfff", "\udc80", "\x00"]  # halves of a surrogate pair, and NUL
WATCHED = ["campaigns.Event", "campaigns.Rsvp", "decisions.Motion", "solidarity.TimelineEntry"]
TIMELINE = "/coalitions/united/cases/a-y/timeline"
ENTRY = {"kind": "update", "date": "2025-11-02", "place": "Court No. 2", "note": "A vigil."}


def state() -> dict:
    rows = {label: list(apps.get_model(label).objects.values()) for label in WATCHED}
    return {**db_state(), **rows}


def endpoints(case) -> list[tuple[str, str, str, dict]]:
    """(actor, method, path, a valid body): the public writes, then a sample of the others."""
    return [
        (
            "anonymous",
            "post",
            f"/events/{case.event.uid}/rsvps",
            {"name": "Pat", "email": "p@x.org"},
        ),
        (
            "anonymous",
            "post",
            "/campaigns/spring/hosts",
            event_body(host_name="Friends", host_contact="f@x.org", city="Lima", country="PE"),
        ),
        ("org_admin", "post", "/organizations/alpha/bodies", {"name": "Board", "description": "d"}),
        ("org_admin", "patch", "/organizations/alpha", {"name": "Alpha", "website": ""}),
        ("org_admin", "post", "/organizations/alpha/invitations", {"email": "n@x.org"}),
        (
            "org_admin",
            "post",
            "/coalitions",
            {"organization": "alpha", "name": "New", "slug": "new", "description": "d"},
        ),
        ("delegate", "post", "/campaigns/spring/events", {**event_body(), "organization": "alpha"}),
        (
            "coordinator",
            "post",
            "/coalitions/united/motions",
            {"organization": "alpha", "title": "On wages", "text": "We resolve."},
        ),
        ("coordinator", "post", TIMELINE, ENTRY),
    ]


class UnstorableTextTestCase(ApiTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition, registration="hosts")
        cls.event = make_event(cls.campaign, cls.alpha)
        Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="a-y",
            display_name="A.Y.",
            country="TR",
            status="detained",
            protected=True,
        )

    def send(self, actor, method, path, body):
        return self.call(self.as_(actor, "token"), method, path, json.dumps(body))

    def assert_unstorable(self, response, field, before):
        """A JSON 422 naming `field` as text that cannot be stored, and nothing changed."""
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(response["Content-Type"], JSON_TYPE)
        (error,) = response.json()["errors"]
        self.assertEqual(error["loc"], ["body", field])
        self.assertIn("cannot be stored", error["msg"])
        self.assertEqual(state(), before)

    def test_a_lone_surrogate_in_the_public_writes_is_a_field_error(self):
        """Audit #14: the RSVP name and a host's title were 500s."""
        for path, body, field in [
            (f"/events/{self.event.uid}/rsvps", {"name": "\ud800", "email": "e@x.org"}, "name"),
            (f"/events/{self.event.uid}/rsvps", {"name": "Pat", "email": "e\x00@x.org"}, "email"),
            (
                "/campaigns/spring/hosts",
                event_body(title="\ud800", host_name="F", host_contact="f@x.org"),
                "title",
            ),
        ]:
            with self.subTest(field=field, path=path):
                before = state()
                self.assert_unstorable(self.send("anonymous", "post", path, body), field, before)

    def test_a_lone_surrogate_in_a_timeline_entry_is_a_field_error(self):
        """The Trust audit's example: a case's note and place, sent by its coordinator."""
        for field in ("note", "place"):
            with self.subTest(field=field):
                before = state()
                body = {**ENTRY, field: "Vigil \ud800 outside"}
                response = self.send("coordinator", "post", TIMELINE, body)
                self.assert_unstorable(response, field, before)
        # the same body without the surrogate is taken, so the refusal above was the text's
        response = self.send("coordinator", "post", TIMELINE, ENTRY)
        self.assertEqual(response.status_code, 201, response.content)

    def test_it_names_nested_places_and_keys(self):
        path = f"/events/{self.event.uid}/rsvps"
        body = {"name": "Pat", "email": "e@x.org", "extra": [{"a": "ok"}, {"b": "x\udfff"}]}
        response = self.send("anonymous", "post", path, body)
        self.assertEqual(response.json()["errors"][0]["loc"], ["body", "extra", 1, "b"])
        response = self.send(
            "anonymous", "post", path, {"name": "P", "email": "e@x.org", "\ud800": 1}
        )
        self.assertEqual(
            (response.status_code, response.json()["errors"][0]["loc"]), (422, ["body"])
        )

    def test_a_paired_surrogate_is_an_ordinary_character(self):
        path = f"/events/{self.event.uid}/rsvps"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.send(
                "anonymous", "post", path, {"name": "\ud83d\ude00", "email": "e@x.org"}
            )
        self.assertEqual(response.status_code, 202, response.content)

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(data=st.data())
    def test_any_string_field_of_any_write_refuses_unstorable_text(self, data):
        actor, method, path, body = data.draw(st.sampled_from(endpoints(self)))
        field = data.draw(st.sampled_from([k for k, v in body.items() if isinstance(v, str)]))
        bad = data.draw(st.sampled_from(BAD))
        at = data.draw(st.integers(0, len(body[field])))
        body = {**body, field: body[field][:at] + bad + body[field][at:]}
        before = state()
        response = self.send(actor, method, path, body)
        self.assertEqual(response.status_code, 422, (path, field, response.content))
        self.assertEqual(response["Content-Type"], JSON_TYPE)
        self.assertIn(["body", field], [e["loc"] for e in response.json()["errors"]])
        self.assertEqual(state(), before)


class ServerErrorTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(make_campaign(cls.coalition), cls.alpha)

    def test_an_unexpected_error_is_a_logged_json_500(self):
        client = Client(raise_request_exception=False)
        path = f"/api/v1/events/{self.event.uid}/rsvps"
        body = json.dumps({"name": "Pat", "email": "p@x.org"})
        with (
            mock.patch("caucus.campaigns.rsvps.rsvp_create", side_effect=RuntimeError("secret")),
            self.assertLogs("django.request", "ERROR") as logged,
        ):
            response = client.post(path, body, content_type="application/json")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response["Content-Type"], JSON_TYPE)
        self.assertNotIn("secret", response.json()["detail"])
        self.assertIn("RuntimeError: secret", "\n".join(logged.output))

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
    def test_a_body_too_big_is_a_json_400(self):
        path = f"/api/v1/events/{self.event.uid}/rsvps"
        body = json.dumps({"name": "P" * 200, "email": "p@x.org"})
        with self.assertLogs("django.security", "ERROR"):
            response = self.client.post(path, body, content_type="application/json")
        self.assertEqual((response.status_code, response["Content-Type"]), (400, JSON_TYPE))

    def test_unknown_paths_and_methods_answer_json(self):
        response = self.client.get("/api/v1/no-such-thing")
        self.assertEqual((response.status_code, response["Content-Type"]), (404, JSON_TYPE))
        self.assertEqual(response.json(), {"detail": "Not Found", "errors": []})
        response = self.client.post("/api/v1/me")
        self.assertEqual((response.status_code, response["Content-Type"]), (405, JSON_TYPE))
        self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")
        self.assertIn("detail", response.json())

    def test_malformed_ids_trailing_slashes_and_bodies_answer_json_and_log_nothing(self):
        rsvps = f"/api/v1/events/{self.event.uid}/rsvps"
        requests = [
            ("get", "/api/v1/events/not-a-uuid", {}),
            ("get", "/api/v1/statements/%00%ff", {}),
            ("get", "/api/v1/campaigns/", {}),
            ("get", f"/api/v1/events/{self.event.uid}/", {}),
            ("post", rsvps, {"data": "x", "content_type": "multipart/form-data"}),
            ("post", rsvps, {"data": "{not json", "content_type": "application/json"}),
            ("post", rsvps, {"data": "[null, null]", "content_type": "application/json"}),
        ]
        client = Client(raise_request_exception=False)
        for method, path, extra in requests:
            with self.subTest(method=method, path=path, extra=extra):
                with self.assertNoLogs("django.request", "ERROR"):
                    response = getattr(client, method)(path, **extra)
                self.assertIn(response.status_code, (400, 404, 405, 422))
                self.assertEqual(response["Content-Type"], JSON_TYPE)
                self.assertIn("detail", response.json())

    def test_head_and_options_answer_without_a_body(self):
        response = self.client.head("/api/v1/campaigns")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"")
        response = self.client.options("/api/v1/campaigns")
        self.assertEqual(response.status_code, 204)
        self.assertIn("GET", response["Allow"])

    def test_pages_for_people_keep_their_html_error_pages(self):
        for path in ("/no-such-page/", "/api/tokens/no-such-page/"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 404)
            self.assertIn("text/html", response["Content-Type"])

    def test_the_last_resort_handler_answers_json_under_the_api_only(self):
        from caucus.api.errors import server_error

        api = server_error(RequestFactory().get("/api/v1/me"))
        self.assertEqual((api.status_code, api["Content-Type"]), (500, JSON_TYPE))
        self.assertIn("detail", json.loads(api.content))
        self.assertIn("text/html", server_error(RequestFactory().get("/about/"))["Content-Type"])
