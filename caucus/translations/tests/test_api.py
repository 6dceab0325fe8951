"""Translations through the API: the same rules as the pages, 422 by text, any input survives."""

import json

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.api.tests.test_fuzz import FUZZ, JSON, bodies
from caucus.campaigns.models import CampaignTranslation
from caucus.campaigns.tests.helpers import make_campaign
from caucus.coalitions.models import CoalitionTranslation
from caucus.organizations.models import OrganizationTranslation
from caucus.solidarity.models import Case, CaseTranslation
from caucus.test import OK, expect
from caucus.topics.models import Topic, TopicTranslation
from caucus.translations.models import source_texts
from caucus.translations.tests.helpers import GREEK_TITLE, greek_texts

BASE = "/campaigns/spring/translations"


def translations() -> list:
    return list(CampaignTranslation.objects.values()) + list(TopicTranslation.objects.values())


class TranslationApiTestCase(ApiTestCase):
    watched = ["campaigns.CampaignTranslation", "topics.TopicTranslation"]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition.is_public = True
        cls.coalition.save()
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        cls.body = {"texts": greek_texts(cls.campaign), "translator": "Eleni"}

    def put(self, actor="coordinator", body=None, language="el"):
        client = self.as_(actor, "token")
        return self.call(client, "put", f"{BASE}/{language}", body or self.body)

    def test_a_coordinator_adds_then_replaces_a_translation(self):
        response = self.put()
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["texts"]["title"], GREEK_TITLE)
        self.assertEqual(response.json()["name"], "Ελληνικά")
        self.assertFalse(response.json()["stale"])
        self.assertEqual(self.put().status_code, 200)
        self.assertEqual(CampaignTranslation.objects.count(), 1)

    def test_anyone_reads_the_translations_of_a_public_campaign(self):
        self.put()
        client = self.as_("anonymous")
        listed = self.call(client, "get", BASE).json()
        self.assertEqual([t["language"] for t in listed], ["el"])
        one = self.call(client, "get", f"{BASE}/el").json()
        target = self.campaign.targets.get()
        expected = {**greek_texts(self.campaign), f"targets.{target.pk}": ""}
        self.assertEqual(one["texts"], expected)
        self.assertEqual(self.call(client, "get", f"{BASE}/tr").status_code, 404)

    def test_every_operation_on_one_translation_declares_the_same_language(self):
        """Reading, reviewing and deleting one translation take the language as adding one
        does, for every kind and for statements: one parameter, one list of languages."""
        paths = self.client.get("/api/openapi.json").json()["paths"]
        one = [path for path in paths if path.endswith("/translations/{language}")]
        self.assertGreaterEqual(len(one), 6)
        for path in one:
            for method, operation in paths[path].items():
                with self.subTest(path=path, method=method):
                    (parameter,) = [p for p in operation["parameters"] if p["name"] == "language"]
                    self.assertEqual(parameter["schema"]["$ref"], "#/components/schemas/Language")
        client = self.as_("coordinator", "token")
        self.put()
        for method, body in (("get", None), ("patch", {"reviewed": True}), ("delete", None)):
            with self.subTest(method=method):  # a language the site lacks has no translation
                response = self.call(client, method, f"{BASE}/klingon", body)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(CampaignTranslation.objects.count(), 1)

    def test_a_refused_text_is_named_in_the_answer_and_nothing_changes(self):
        texts = {**self.body["texts"], "title": "", "demands.999": "x"}
        before = translations()
        response = self.put(body={"texts": texts})
        self.assertEqual(response.status_code, 422)
        places = {tuple(error["loc"]) for error in response.json()["errors"]}
        self.assertEqual(places, {("body", "texts", "title"), ("body", "texts", "demands.999")})
        self.assertEqual(translations(), before)

    def test_the_original_language_is_refused_at_language(self):
        response = self.put(language="en")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["loc"], ["body", "language"])

    def test_who_may_write(self):
        coordinators = expect(403, anonymous=401, coordinator=OK)
        self.check_api("put", f"{BASE}/el", coordinators, self.body, allowed=201)

    def test_review_and_delete(self):
        self.put()
        client = self.as_("coordinator", "token")
        reviewed = self.call(client, "patch", f"{BASE}/el", {"reviewed": True})
        self.assertTrue(reviewed.json()["reviewed"])
        refused = self.call(self.as_("delegate", "token"), "delete", f"{BASE}/el")
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(self.call(client, "delete", f"{BASE}/el").status_code, 204)
        self.assertFalse(CampaignTranslation.objects.exists())

    def test_a_topic_is_translated_by_an_operator(self):
        Topic.objects.create(slug="labour", name="Labour")
        body = {"texts": {"name": "Εργασία"}}
        path = "/topics/labour/translations/el"
        refused = self.call(self.as_("coordinator", "token"), "put", path, body)
        self.assertEqual(refused.status_code, 403)
        done = self.call(self.as_("operator", "token"), "put", path, body)
        self.assertEqual(done.status_code, 201, done.content)

    def test_the_openapi_document_names_every_kind(self):
        paths = self.client.get("/api/openapi.json").json()["paths"]
        for kind in ("campaigns", "cases", "topics", "coalitions", "organizations"):
            self.assertIn(f"/api/v1/{kind}/{{slug}}/translations/{{language}}", paths)


# Who may manage the translations of the other kinds through the API: as on the pages
# (caucus/translations/tests/test_permission_matrix.py). The case's organization is alpha;
# gamma's admin belongs to the coalition but to none of these, and is refused.
OTHER_KINDS = {
    "case": {"coordinator", "editor", "org_admin"},
    "coalition": {"coordinator"},
    "organization": {"editor", "org_admin"},
}


class OtherKindsApiTestCase(ApiTestCase):
    """Cases, coalitions and organizations through the same five endpoints as campaigns."""

    watched = [
        "solidarity.CaseTranslation",
        "coalitions.CoalitionTranslation",
        "organizations.OrganizationTranslation",
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition.is_public = True
        cls.coalition.description = "Unions acting together."
        cls.coalition.save()
        cls.alpha.is_public = True
        cls.alpha.description = "A union of rail workers."
        cls.alpha.save()
        cls.case = Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="open-case",
            display_name="Mehmet Demir",
            country="AR",
            summary="A docker charged for a strike.",
            published_at=timezone.now(),
        )
        cls.case.entries.create(kind="charge", date="2025-01-01", note="Charged.")
        cls.paths = {
            "case": (cls.case, "/cases/open-case/translations"),
            "coalition": (cls.coalition, "/coalitions/united/translations"),
            "organization": (cls.alpha, "/organizations/alpha/translations"),
        }

    def body(self, source) -> dict:
        texts = {item.key: "Μετάφραση" for item in source_texts(source) if item.text}
        return {"texts": texts, "translator": "Eleni"}

    def put(self, kind: str, actor: str):
        source, base = self.paths[kind]
        return self.call(self.as_(actor, "token"), "put", f"{base}/el", self.body(source))

    def test_who_may_add_one(self):
        def in_greek(role, response) -> None:
            if response.status_code == 201:
                self.assertEqual(set(response.json()["texts"].values()), {"Μετάφραση"})

        for kind, allowed in OTHER_KINDS.items():
            source, base = self.paths[kind]
            expected = expect(403, anonymous=401, **dict.fromkeys(allowed, OK))
            with self.subTest(kind=kind):
                self.check_api(
                    "put", f"{base}/el", expected, self.body(source), allowed=201, then=in_greek
                )

    def test_who_may_review_and_delete_one(self):
        for kind, allowed in OTHER_KINDS.items():
            _source, base = self.paths[kind]
            expected = expect(403, anonymous=401, **dict.fromkeys(allowed, OK))

            def translated(case, kind=kind, allowed=allowed) -> None:
                case.assertEqual(case.put(kind, sorted(allowed)[0]).status_code, 201)

            def reviewed(role, response) -> None:
                if response.status_code == 200:
                    self.assertTrue(response.json()["reviewed"])

            with self.subTest(kind=kind):
                self.check_api(
                    "patch",
                    f"{base}/el",
                    expected,
                    {"reviewed": True},
                    state=translated,
                    then=reviewed,
                )
                self.check_api("delete", f"{base}/el", expected, state=translated)

    def test_anyone_reads_them_and_a_changed_original_shows_as_stale(self):
        for kind, allowed in OTHER_KINDS.items():
            self.assertEqual(self.put(kind, sorted(allowed)[0]).status_code, 201)
        anonymous = self.as_("anonymous")
        for kind, (_source, base) in self.paths.items():
            with self.subTest(kind=kind):
                listed = self.call(anonymous, "get", base)
                self.assertEqual([t["language"] for t in listed.json()], ["el"])
                self.assertFalse(self.call(anonymous, "get", f"{base}/el").json()["stale"])
        self.alpha.description = "A union of rail and port workers."
        self.alpha.save()
        entry = self.case.entries.get()
        entry.note = "Charged, then released."
        entry.save()
        for kind, keys in (("organization", ["description"]), ("case", [f"entries.{entry.pk}"])):
            with self.subTest(kind=kind):
                one = self.call(anonymous, "get", f"{self.paths[kind][1]}/el").json()
                self.assertTrue(one["stale"])
                self.assertEqual(one["stale_texts"], keys)


def other_translations_of(kind: str):
    model = {
        "case": CaseTranslation,
        "coalition": CoalitionTranslation,
        "organization": OrganizationTranslation,
    }[kind]
    return model.objects.all()


class TranslationApiFuzzTestCase(ApiTestCase, HypothesisTestCase):
    """Any body, any language segment: never a server error, and a refusal changes nothing."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_campaign(cls.coalition, actor=cls.coordinator)

    def send(self, path: str, raw) -> None:
        client = self.as_("coordinator", "token")
        before = translations()
        response = client.put("/api/v1" + path, data=raw, content_type="application/json")
        self.assertLess(response.status_code, 500, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        if response.status_code >= 400:
            self.assertEqual(translations(), before)

    @FUZZ
    @given(bodies("texts", "translator", "kind", "reviewed"))
    def test_any_body(self, body):
        self.send(f"{BASE}/el", json.dumps(body))

    @FUZZ
    @given(st.dictionaries(st.text(max_size=20), JSON, max_size=6))
    def test_any_texts(self, texts):
        self.send(f"{BASE}/el", json.dumps({"texts": texts}))

    @FUZZ
    @given(st.text(st.characters(exclude_characters="/?#%"), min_size=1, max_size=12))
    def test_any_language(self, language):
        self.send(f"{BASE}/{language}", json.dumps({"texts": {"title": "Τίτλος"}}))
