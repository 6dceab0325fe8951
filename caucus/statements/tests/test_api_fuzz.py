"""Arbitrary input thrown at the statements API: never a server error, always JSON, and a
refusal changes nothing (issue 4, "Bad input and permissions")."""

import json

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.api.tests.test_fuzz import FUZZ, JSON, bodies
from caucus.statements.tests.helpers import ApiFixtures, snapshot

META = ("language", "dateline_date", "dateline_place", "teaser", "topics", "regions")
TERMS = ("signature_goal", "signing_deadline", "signing_deadline_fold", "signing_deadline_zone")
# Path segments: numbers in and out of range, words, and characters URLs escape.
# (an empty segment or a slash would leave the API's routes for the site's HTML 404).
WORDS = st.text(
    st.characters(exclude_characters="/?#%", exclude_categories=["Cc", "Cs"]),
    min_size=1,
    max_size=12,
)
SEGMENTS = st.integers(min_value=-(2**70), max_value=2**70).map(str) | WORDS


class StatementApiFuzzTestCase(ApiFixtures, ApiTestCase, HypothesisTestCase):
    """Each example runs in its own transaction, rolled back after it (HypothesisTestCase)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_api_fixtures()
        cls.d = f"/statements/{cls.draft.slug}"
        cls.p = f"/statements/{cls.published.slug}"

    def send(self, role: str, method: str, path: str, raw: bytes | str | dict | None = None):
        client = self.as_(role, "token")
        before = snapshot()
        response = getattr(client, method)(
            "/api/v1" + path, data=raw, content_type="application/json"
        )
        self.assertLess(response.status_code, 500, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        if response.status_code >= 400:
            self.assertEqual(snapshot(), before)
        return response

    @FUZZ
    @given(bodies("title", "body", "author", *META))
    def test_create_for_an_organization(self, body):
        self.send("delegate", "post", "/organizations/alpha/statements", json.dumps(body))

    @FUZZ
    @given(bodies("title", "body", "author", *META))
    def test_create_for_the_coalition(self, body):
        self.send("coordinator", "post", "/coalitions/united/statements", json.dumps(body))

    @FUZZ
    @given(bodies(*META, *TERMS))
    def test_edit_the_details(self, body):
        self.send("coordinator", "patch", self.d, json.dumps(body))

    @FUZZ
    @given(bodies("title", "body", "note", "base"))
    def test_save_a_version(self, body):
        self.send("coordinator", "post", self.d + "/versions", json.dumps(body))

    @FUZZ
    @given(bodies("kind", "passage", "replacement", "reason"))
    def test_propose_an_amendment(self, body):
        self.send("gamma_admin", "post", self.d + "/amendments", json.dumps(body))

    @FUZZ
    @given(SEGMENTS, st.sampled_from(["accept", "rebase", "reject"]), bodies("reply"))
    def test_decide_any_amendment_number(self, number, action, body):
        path = f"{self.d}/amendments/{number}/{action}"
        self.send(
            "coordinator", "post", path.replace("?", "%3F").replace("#", "%23"), json.dumps(body)
        )

    @FUZZ
    @given(bodies("published_at", "zone"))
    def test_publish(self, body):
        self.send("coordinator", "post", self.d + "/publish", json.dumps(body))

    @FUZZ
    @given(bodies("reason"))
    def test_withdraw(self, body):
        self.send("coordinator", "post", self.p + "/withdraw", json.dumps(body))

    @FUZZ
    @given(
        st.text(min_size=1, max_size=10),
        bodies("title", "body", "teaser", "translator", "kind", "reviewed"),
    )
    def test_translate_into_any_language(self, language, body):
        segment = "".join(c for c in language if c not in "/?#%") or "es"
        self.send("coordinator", "put", f"{self.d}/translations/{segment}", json.dumps(body))

    @FUZZ
    @given(bodies("organization", "note"))
    def test_republish(self, body):
        self.send("outsider", "post", self.p + "/republications", json.dumps(body))

    @FUZZ
    @given(SEGMENTS, st.sampled_from(["approve", "decline"]), JSON)
    def test_answer_any_request(self, pk, action, body):
        path = f"{self.p}/signatures/requests/{pk}/{action}"
        self.send(
            "coordinator", "post", path.replace("?", "%3F").replace("#", "%23"), json.dumps(body)
        )

    @FUZZ
    @given(SEGMENTS, SEGMENTS)
    def test_read_and_compare_any_versions(self, old, new):
        self.send("delegate", "get", f"{self.d}/compare?old={old}&new={new}".replace("#", "%23"))
        self.send(
            "delegate", "get", f"{self.d}/versions/{old}".replace("?", "%3F").replace("#", "%23")
        )

    @FUZZ
    @given(st.binary(max_size=64))
    def test_bytes_that_are_not_json(self, raw):
        self.send("coordinator", "patch", self.d, raw)
        self.send("delegate", "post", "/organizations/alpha/statements", raw)
