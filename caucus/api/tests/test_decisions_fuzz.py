"""Arbitrary JSON thrown at every write endpoint of decisions: never a server error, always a
JSON answer, and a refusal changes nothing (no row of decisions, no audit entry)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.test_decisions_base import DecisionsApiTestCase, snapshot

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# Values the forms could accept, so that examples also get past the schema to the forms,
# the services and (sometimes) a successful write.
PLAUSIBLE = st.sampled_from(
    [
        "alpha",
        "gamma",
        "beta",
        "",
        " ",
        "x" * 301,
        "\x00",
        "2031-01-01T10:00",
        "2031-01-01T12:00",
        "0001-01-01T00:00",
        "9999-12-31T23:59",
        "2031-04-01",
        "Europe/Rome",
        "Asia/Tokyo",
        "America/Santiago",
        "https://example.org/x",
        "present",
        "apologies",
        "done",
        "simple",
        "consensus",
        "threshold",
        0,
        1,
        2,
        3,
        75,
        101,
        -1,
        2**63,
        True,
        None,
        ["alpha"],
        ["alpha", "gamma"],
        ["beta"],
        ["simple"],
        ["consensus", "threshold"],
        [],
    ]
)
VALUE = PLAUSIBLE | JSON
SLUG_MAP = st.dictionaries(st.sampled_from(["alpha", "gamma", "beta", "\x00", ""]), VALUE)


def bodies(*keys: str, maps: tuple[str, ...] = ()) -> st.SearchStrategy:
    """Any JSON at all, or an object with the endpoint's own keys holding any value."""
    fields = dict.fromkeys(keys, VALUE) | dict.fromkeys(maps, SLUG_MAP | VALUE)
    return JSON | st.fixed_dictionaries({}, optional=fields)


FUZZ = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
MEETING = ("title", "starts", "ends", "time_zone", "place", "online_link", "invited")


class DecisionsFuzzTestCase(DecisionsApiTestCase, HypothesisTestCase):
    """Each example runs in its own transaction, rolled back after it (HypothesisTestCase)."""

    def send(self, actor: str, method: str, path: str, raw: bytes | str) -> None:
        client = self.as_(actor, "token")
        before = snapshot()
        response = getattr(client, method)(
            "/api/v1" + path, data=raw, content_type="application/json"
        )
        self.assertLess(response.status_code, 500, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        if response.status_code >= 400:
            self.assertEqual(snapshot(), before)

    @FUZZ
    @given(bodies(*MEETING, "agenda"))
    def test_schedule_meeting(self, body):
        self.send("coordinator", "post", "/coalitions/united/meetings", json.dumps(body))

    @FUZZ
    @given(bodies(*MEETING))
    def test_update_meeting(self, body):
        self.send("coordinator", "patch", self.m, json.dumps(body))

    @FUZZ
    @given(bodies("reason"))
    def test_cancel_meeting(self, body):
        self.send("coordinator", "post", self.m + "/cancel", json.dumps(body))

    @FUZZ
    @given(bodies("title", "motion", "statement", "campaign"))
    def test_add_agenda_item(self, body):
        self.send("coordinator", "post", self.m + "/agenda", json.dumps(body))

    @FUZZ
    @given(bodies("title", "motion", "statement", "campaign"))
    def test_update_agenda_item(self, body):
        item = self.meeting.agenda.get(position=1).pk
        self.send("coordinator", "patch", f"{self.m}/agenda/{item}", json.dumps(body))

    @FUZZ
    @given(bodies("position"))
    def test_move_agenda_item(self, body):
        item = self.meeting.agenda.get(position=1).pk
        self.send("coordinator", "post", f"{self.m}/agenda/{item}/move", json.dumps(body))

    @FUZZ
    @given(bodies(maps=("attendance",)))
    def test_record_attendance(self, body):
        self.send("coordinator", "patch", self.m + "/attendance", json.dumps(body))

    @FUZZ
    @given(bodies("text"))
    def test_save_minutes(self, body):
        self.send("coordinator", "post", self.m + "/minutes", json.dumps(body))

    @FUZZ
    @given(bodies("text", "responsible", "due", "meeting"))
    def test_create_action(self, body):
        self.send("coordinator", "post", "/coalitions/united/actions", json.dumps(body))

    @FUZZ
    @given(bodies("status"))
    def test_set_action_status(self, body):
        path = f"/coalitions/united/actions/{self.action.pk}/status"
        self.send("delegate", "post", path, json.dumps(body))

    @FUZZ
    @given(
        bodies(
            "rules",
            "threshold_percent",
            "quorum_percent",
            "opens_at",
            "closes_at",
            "time_zone",
            "recorded",
        )
    )
    def test_open_vote(self, body):
        path = f"/coalitions/united/motions/{self.draft.pk}/vote"
        self.send("coordinator", "post", path, json.dumps(body))

    @FUZZ
    @given(bodies(maps=("weights",)))
    def test_set_weights(self, body):
        self.send("coordinator", "patch", "/coalitions/united/weights", json.dumps(body))

    @FUZZ
    @given(st.binary(max_size=64), st.sampled_from(["/meetings", "/actions", "/weights"]))
    def test_bytes_that_are_not_json(self, raw, path):
        method = "patch" if path == "/weights" else "post"
        self.send("coordinator", method, "/coalitions/united" + path, raw)
