"""The document says what the forms require (review F8): a value it admits is not refused for
a reason it could have said, and one it refuses the server refuses too (schemathesis'
positive and negative data checks, `make api-check`, rely on both)."""

import re

from django.test import TestCase

from caucus.api.schemas import NOT_BLANK_TEXT, STORABLE_TEXT
from caucus.api.tests.helpers import ApiTestCase, db_state
from caucus.campaigns.tests.helpers import make_campaign
from caucus.lib.zones import zone_choices


class DocumentTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.doc = cls.client_class().get("/api/openapi.json").json()

    def component(self, name: str) -> dict:
        return self.doc["components"]["schemas"][name]

    def body(self, method: str, path: str) -> dict:
        content = self.doc["paths"][path][method]["requestBody"]["content"]
        ref = content["application/json"]["schema"]["$ref"]
        return self.component(ref.rsplit("/", 1)[1])

    def test_required_texts_say_they_need_a_character_that_is_not_a_space(self):
        for method, path, field in [
            ("post", "/api/v1/coalitions/{slug}/meetings", "title"),
            ("post", "/api/v1/coalitions/{slug}/meetings/{pk}/cancel", "reason"),
            ("post", "/api/v1/coalitions/{slug}/meetings/{pk}/minutes", "text"),
            ("post", "/api/v1/statements/{slug}/withdraw", "reason"),
            ("post", "/api/v1/statements/{slug}/versions", "body"),
            ("patch", "/api/v1/coalitions/{slug}", "name"),
        ]:
            with self.subTest(path=path, field=field):
                schema = self.body(method, path)["properties"][field]
                self.assertEqual(schema["minLength"], 1)
                self.assertEqual(schema["pattern"], NOT_BLANK_TEXT)
        pattern = re.compile(NOT_BLANK_TEXT)
        for text, kept in [("a", True), (" a ", True), ("", False), ("  \n", False)]:
            self.assertEqual(bool(pattern.search(text)), kept, repr(text))
            self.assertEqual(bool(text.strip()), kept)  # as the forms strip it

    def test_the_forms_choices_are_enums(self):
        self.assertEqual(self.component("TimeZone")["enum"], [z for z, _label in zone_choices()])
        publish = self.body("post", "/api/v1/statements/{slug}/publish")["properties"]
        self.assertIn({"$ref": "#/components/schemas/TimeZone"}, publish["zone"]["anyOf"])
        amendment = self.body("post", "/api/v1/statements/{slug}/amendments")["properties"]
        self.assertEqual(amendment["kind"]["$ref"], "#/components/schemas/AmendmentKind")
        self.assertEqual(self.component("AmendmentKind")["enum"], ["replace", "insert", "delete"])
        timeline = self.body("post", "/api/v1/coalitions/{slug}/cases/{case_slug}/timeline")
        self.assertIn("hearing", self.component("EntryKind")["enum"])
        self.assertEqual(timeline["properties"]["kind"]["$ref"], "#/components/schemas/EntryKind")

    def test_every_body_text_without_its_own_rule_refuses_nul(self):
        meeting = self.body("post", "/api/v1/coalitions/{slug}/meetings")["properties"]
        self.assertEqual(meeting["place"]["pattern"], STORABLE_TEXT)
        texts = self.body("put", "/api/v1/campaigns/{slug}/translations/{language}")
        self.assertEqual(texts["properties"]["texts"]["propertyNames"]["pattern"], STORABLE_TEXT)
        self.assertIsNone(re.search(STORABLE_TEXT, "a\x00b"))

    def test_two_bodies_of_the_same_name_keep_their_own_shapes(self):
        review = self.body("post", "/api/v1/campaigns/{slug}/hosts/{uid}/review")
        self.assertEqual(review["required"], ["decision"])
        self.assertEqual(review["then"]["required"], ["note"])  # asking for information
        translation = self.body("patch", "/api/v1/campaigns/{slug}/translations/{language}")
        self.assertEqual(translation["required"], ["reviewed"])

    def test_a_webhook_names_exactly_one_owner(self):
        webhook = self.body("post", "/api/v1/webhooks")
        self.assertEqual(
            [branch["required"] for branch in webhook["oneOf"]], [["coalition"], ["organization"]]
        )


class NumbersAndDatesTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.coalition)

    def test_an_integral_number_is_an_integer_as_json_schema_says(self):
        client = self.as_("coordinator", "token")
        path = f"/coalitions/{self.coalition.slug}/coordinators"
        response = self.call(client, "post", path, {"user": float(self.gamma_admin.pk)})
        refused = self.call(client, "post", path, {"user": self.gamma_admin.pk + 0.5})
        self.assertNotEqual(response.status_code, 422, response.content)
        self.assertEqual(refused.status_code, 422)

    def test_a_number_is_not_a_date_in_a_query(self):
        before = db_state()
        client = self.as_("anonymous")
        path = f"/api/v1/campaigns/{self.campaign.slug}/events"
        response = client.get(path, {"date": "0"})
        self.assertRefused(response, 422, before)
        self.assertEqual(response.json()["errors"][0]["loc"], ["query", "date"])
        self.assertEqual(client.get(path, {"date": "2031-03-04"}).status_code, 200)
