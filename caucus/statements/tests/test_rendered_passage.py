"""Amendments quote the rendered text (the review: copying "fully support the striking" failed
because the source has "**"), and comparisons diff the rendered text, not Markdown."""

from caucus.statements import services
from caucus.statements.models import Amendment
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

MARKDOWN = (
    "We **fully support** the striking [dock workers](https://example.org/docks).\n\n- fair *pay*\n"
)


class RenderedPassageTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft(body=MARKDOWN)
        cls.url = f"/s/{cls.statement.slug}/amendments/new/"

    def propose(self, passage: str, replacement: str = "back the striking"):
        self.client.force_login(self.delegate)
        data = {"kind": "replace", "passage": passage, "replacement": replacement, "reason": "r"}
        return self.client.post(self.url, data)

    def test_the_page_shows_the_rendered_text_to_select_from(self):
        self.client.force_login(self.delegate)
        page = self.client.get(self.url)
        self.assertContains(page, "<strong>fully support</strong>")
        self.assertContains(page, "data-passage-source")
        self.assertContains(page, "statements/passage.js")

    def test_a_passage_copied_from_the_rendered_text_is_found_in_the_source(self):
        self.assertEqual(self.propose("fully support the striking").status_code, 302)
        amendment = Amendment.objects.get()
        self.assertEqual(amendment.passage, "**fully support** the striking")
        services.amendment_accept(amendment=amendment, actor=self.coordinator)
        self.statement.refresh_from_db()
        self.assertEqual(
            self.statement.current_version.body,
            MARKDOWN.replace("**fully support** the striking", "back the striking"),
        )

    def test_a_passage_that_cuts_emphasis_gets_a_field_error(self):
        response = self.propose("support the striking")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "begins or ends inside emphasized words", status_code=400)
        self.assertFalse(Amendment.objects.exists())

    def test_the_comparison_diffs_the_rendered_text(self):
        services.version_create(
            statement=self.statement,
            actor=self.coordinator,
            title="Joint declaration",
            body=MARKDOWN.replace("*pay*", "*wages*"),
        )
        self.client.force_login(self.coordinator)
        page = self.client.get(f"/s/{self.statement.slug}/compare/?a=1&b=2")
        self.assertContains(page, "fully support the striking dock workers")
        self.assertNotContains(page, "**")
        self.assertNotContains(page, "*pay*")
        self.assertContains(page, "wages")
