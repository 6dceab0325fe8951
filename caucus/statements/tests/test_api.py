from caucus.audit.models import AuditEntry
from caucus.statements import services
from caucus.statements.models import Amendment, StatementVersion, Translation
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import OK, ApiMatrix, BaseTestCase, expect


class StatementApiTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_coalition_draft()
        cls.published = cls.make_published(title="Published one", topics=["labour"])

    def test_it_lists_public_statements_to_anyone(self):
        data = self.client.get("/api/v1/statements").json()
        self.assertEqual([s["slug"] for s in data["items"]], [self.published.slug])
        self.assertEqual(
            self.client.get(f"/api/v1/statements/{self.draft.slug}").status_code,
            403,
        )

    def test_drafters_save_versions_and_decide_amendments(self):
        self.client.force_login(self.coordinator)
        base = f"/api/v1/statements/{self.draft.slug}"
        stale = self.client.post(
            base + "/versions",
            {"title": "T", "body": "x", "base": 9},
            content_type="application/json",
        )
        self.assertEqual(stale.status_code, 422)
        response = self.client.post(
            base + "/versions",
            {"title": "Joint declaration", "body": "We stand together for fair pay.", "base": 1},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["number"], 2)
        self.client.force_login(self.gamma_admin)
        response = self.client.post(
            base + "/amendments",
            {
                "kind": "replace",
                "passage": "fair pay",
                "replacement": "a living wage",
                "reason": "r",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(self.client.post(base + "/amendments/1/accept").status_code, 403)
        self.client.force_login(self.coordinator)
        response = self.client.post(base + "/amendments/1/accept")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Amendment.objects.get().state, "accepted")
        diff = self.client.get(base + "/compare?old=2&new=3").json()
        self.assertEqual((diff["added"], diff["removed"]), (3, 2))

    def test_bad_input_is_422_and_changes_nothing(self):
        self.client.force_login(self.gamma_admin)
        response = self.client.post(
            f"/api/v1/statements/{self.draft.slug}/amendments",
            {"kind": "replace", "passage": "absent", "replacement": "x", "reason": "r"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Amendment.objects.exists())
        self.assertEqual(StatementVersion.objects.filter(statement=self.draft).count(), 1)


class TranslationApiTestCase(ApiMatrix, StatementFixtures, BaseTestCase):
    """Issue 4, point 12: drafters add and edit translations through the API as on the web."""

    watched = ["statements.Translation"]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issue_tokens()
        cls.published = cls.make_published()
        cls.url = f"/api/v1/statements/{cls.published.slug}/translations"

    def put(self, language, **fields):
        data = {"title": "Declaración", "body": "Texto.", "translator": "Ana", **fields}
        return self.client.put(f"{self.url}/{language}", data, content_type="application/json")

    def test_a_drafter_adds_then_edits_a_translation(self):
        self.client.force_login(self.coordinator)
        response = self.put("es", kind="machine")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["version"], 1)
        self.assertFalse(response.json()["stale"])
        response = self.put("es", title="Declaración conjunta", reviewed=True)
        self.assertEqual(response.status_code, 200, response.content)
        translation = Translation.objects.get()
        self.assertEqual(
            (translation.title, translation.kind, translation.reviewed),
            ("Declaración conjunta", "human", True),
        )
        self.client.logout()
        listed = self.client.get(self.url).json()
        self.assertEqual([t["language"] for t in listed], ["es"])
        self.assertContains(
            self.client.get(f"/s/{self.published.slug}/?lang=es"), "Declaración conjunta"
        )

    def test_bad_input_is_422_by_field_and_changes_nothing(self):
        self.client.force_login(self.coordinator)
        cases = [
            ("xx", {}, "language"),
            ("en", {}, "language"),  # the statement's own language
            ("es", {"kind": "robot"}, "kind"),
            ("es", {"title": ""}, "title"),
            ("es", {"title": "t" * 301}, "title"),
        ]
        for language, fields, field in cases:
            with self.subTest(language=language, fields=fields):
                response = self.put(language, **fields)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn(field, str(response.json()))
        self.assertFalse(Translation.objects.exists())

    def test_only_drafters_may_translate(self):
        """The published statement's drafters: the coalition's coordinators."""
        body = {"title": "Declaración", "body": "Texto.", "translator": "Ana"}
        path = self.url.removeprefix(self.prefix) + "/es"
        drafters = expect(403, anonymous=401, coordinator=OK)
        self.check_api("put", path, drafters, body, allowed=201)

    def spanish(self):
        return services.translation_save(
            statement=self.published,
            actor=self.coordinator,
            language="es",
            title="Declaración",
            body="Texto.",
            translator="Ana",
        )

    def test_a_drafter_reviews_then_deletes_a_translation_and_both_are_logged(self):
        self.spanish()
        self.client.force_login(self.coordinator)
        response = self.client.patch(
            f"{self.url}/es", {"reviewed": True}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["reviewed"])
        self.assertTrue(Translation.objects.get().reviewed)
        self.assertEqual(self.client.delete(f"{self.url}/es").status_code, 204)
        self.assertFalse(Translation.objects.exists())
        actions = AuditEntry.objects.values_list("action", flat=True)
        self.assertIn("translation.reviewed", actions)
        self.assertIn("translation.deleted", actions)
        self.assertEqual(self.client.delete(f"{self.url}/es").status_code, 404)
        response = self.client.patch(
            f"{self.url}/es", {"reviewed": "yes"}, content_type="application/json"
        )
        self.assertIn(response.status_code, (404, 422))

    def test_only_drafters_may_review_or_delete_a_translation(self):
        path = self.url.removeprefix(self.prefix) + "/es"
        drafters = expect(403, anonymous=401, coordinator=OK)
        self.spanish()
        self.check_api("patch", path, drafters, {"reviewed": True})
        self.check_api("delete", path, drafters)
