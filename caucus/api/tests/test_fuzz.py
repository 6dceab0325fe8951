"""Arbitrary JSON thrown at write endpoints: never a server error, and a refusal changes nothing."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase, db_state

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def bodies(*keys: str) -> st.SearchStrategy:
    """Any JSON at all, or an object with the endpoint's own keys holding any JSON."""
    return JSON | st.fixed_dictionaries({}, optional=dict.fromkeys(keys, JSON))


FUZZ = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


class FuzzTestCase(ApiTestCase, HypothesisTestCase):
    """Each example runs in its own transaction, rolled back after it (HypothesisTestCase)."""

    def send(self, actor: str, method: str, path: str, raw: bytes | str) -> None:
        client = self.as_(actor, "token")
        before = db_state()
        response = getattr(client, method)(
            "/api/v1" + path, data=raw, content_type="application/json"
        )
        after = db_state()
        self.assertLess(response.status_code, 500, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        if response.status_code >= 400:
            self.assertEqual(after, before)

    @FUZZ
    @given(bodies("email", "role"))
    def test_invite(self, body):
        self.send("org_admin", "post", "/organizations/alpha/invitations", json.dumps(body))

    @FUZZ
    @given(bodies("name", "slug", "country", "languages", "website", "description", "is_public"))
    def test_update_profile(self, body):
        self.send("editor", "patch", "/organizations/alpha", json.dumps(body))

    @FUZZ
    @given(bodies("organization", "name", "slug", "description", "member_list", "is_public"))
    def test_create_coalition(self, body):
        self.send("delegate", "post", "/coalitions", json.dumps(body))

    @FUZZ
    @given(bodies("points", "note"))
    def test_save_platform(self, body):
        self.send("coordinator", "post", "/coalitions/united/platform", json.dumps(body))

    @FUZZ
    @given(bodies("user"))
    def test_add_coordinator(self, body):
        self.send("coordinator", "post", "/coalitions/united/coordinators", json.dumps(body))

    @FUZZ
    @given(st.binary(max_size=64))
    def test_bytes_that_are_not_json(self, raw):
        self.send("org_admin", "post", "/organizations/alpha/invitations", raw)
