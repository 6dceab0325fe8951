import hashlib

from caucus.audit.models import AuditEntry
from caucus.statements.models import Statement, StatementVersion, canonical_text
from caucus.statements.tests.helpers import BODY, StatementFixtures
from caucus.test import BaseTestCase
from caucus.topics.models import Topic


def make_topics() -> None:
    for slug in ("labour-rights", "solidarity"):
        Topic.objects.create(slug=slug, name=slug.replace("-", " ").capitalize())


class CreateStatementTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_topics()

    def form(self, **overrides):
        data = {
            "author": "coalition",
            "title": "A joint declaration",
            "body": BODY,
            "language": "en",
            "dateline_date": "2026-05-01",
            "dateline_place": "Santiago",
            "teaser": "Short",
            "topics": ["labour-rights", "solidarity"],
            "regions": "latin-america",
        }
        return {**data, **overrides}

    def test_it_creates_a_coalition_draft_with_version_1(self):
        self.client.force_login(self.coordinator)
        response = self.client.post("/coalitions/united/statements/new/", self.form())
        statement = Statement.objects.get()
        self.assertRedirects(response, f"/s/{statement.slug}/draft/")
        self.assertEqual(statement.author_coalition, self.coalition)
        self.assertEqual(statement.topics, ["labour-rights", "solidarity"])
        version = statement.current_version
        self.assertEqual(version.number, 1)
        self.assertEqual(version.author, self.coordinator)
        expected = hashlib.sha256(canonical_text(version.title, BODY).encode()).hexdigest()
        self.assertEqual(version.sha256, expected)
        self.assertTrue(AuditEntry.objects.filter(action="statement.created").exists())

    def test_it_creates_for_a_body_of_the_organization(self):
        body = self.alpha.bodies.create(name="Executive Committee", slug="ec")
        self.client.force_login(self.delegate)
        self.client.post("/orgs/alpha/statements/new/", self.form(author=str(body.pk)))
        statement = Statement.objects.get()
        self.assertEqual(statement.author_body, body)
        self.assertEqual(statement.author_organization, self.alpha)
        self.assertIn("Executive Committee", statement.author_name)

    def test_it_refuses_bad_input(self):
        self.client.force_login(self.coordinator)
        for bad in [
            {"title": ""},
            {"body": "   "},
            {"language": "xx"},
            {"dateline_date": "not a date"},
            {"author": "someone-else"},
            {"topics": ["not-in-the-vocabulary"]},
        ]:
            with self.subTest(bad=bad):
                response = self.client.post("/coalitions/united/statements/new/", self.form(**bad))
                self.assertEqual(response.status_code, 400)
                self.assertFalse(Statement.objects.exists())

    def test_it_refuses_members_who_do_not_coordinate(self):
        self.client.force_login(self.gamma_admin)
        response = self.client.post("/coalitions/united/statements/new/", self.form())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Statement.objects.exists())


class EditTextTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_topics()
        cls.statement = cls.make_coalition_draft()

    def test_it_saves_a_new_immutable_version(self):
        self.client.force_login(self.coordinator)
        self.client.post(
            f"/s/{self.statement.slug}/edit/",
            {"title": "Joint declaration", "body": BODY + "\nMore.\n", "base": "1"},
        )
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.current_version.number, 2)
        self.assertEqual(self.statement.versions.count(), 2)
        first = self.statement.versions.get(number=1)
        self.assertEqual(first.body, BODY)
        with self.assertRaises(ValueError):
            first.save()

    def test_it_makes_no_version_for_the_same_text(self):
        self.client.force_login(self.coordinator)
        self.client.post(
            f"/s/{self.statement.slug}/edit/",
            {"title": "Joint declaration", "body": BODY.replace("\n", "\r\n"), "base": "1"},
        )
        self.assertEqual(StatementVersion.objects.count(), 1)

    def test_it_keeps_the_text_when_someone_saved_meanwhile(self):
        self.client.force_login(self.coordinator)
        url = f"/s/{self.statement.slug}/edit/"
        self.client.post(url, {"title": "T", "body": "First edit", "base": "1"})
        response = self.client.post(url, {"title": "T", "body": "My long edit", "base": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "My long edit", status_code=400)
        self.assertEqual(StatementVersion.objects.count(), 2)

    def test_it_edits_the_details(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            f"/s/{self.statement.slug}/details/",
            {
                "language": "es",
                "dateline_date": "2026-06-01",
                "topics": ["solidarity"],
                "regions": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.language, "es")
        self.assertEqual(self.statement.topics, ["solidarity"])

    def test_it_compares_versions_word_by_word(self):
        self.client.force_login(self.coordinator)
        self.client.post(
            f"/s/{self.statement.slug}/edit/",
            {
                "title": "Joint declaration",
                "body": BODY.replace("fair pay", "fair wages"),
                "base": "1",
            },
        )
        response = self.client.get(f"/s/{self.statement.slug}/compare/?a=1&b=2")
        self.assertContains(response, '<del><span class="visually-hidden">removed: </span>pay')
        self.assertContains(response, '<ins><span class="visually-hidden">added: </span>wages')
        self.assertEqual(self.client.get(f"/s/{self.statement.slug}/compare/?a=x").status_code, 400)
        self.assertEqual(
            self.client.get(f"/s/{self.statement.slug}/compare/?a=1&b=9").status_code, 404
        )
