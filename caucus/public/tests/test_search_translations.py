"""A statement found by the words of a translation links to that translation (issue 4, point 12:
readers get the statement in their language)."""

from caucus.public import search as site_search
from caucus.statements import services as statement_services
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

BODY = "Dock workers in Valparaíso deserve fair pay.\n"
SPANISH = "Los trabajadores portuarios de Valparaíso merecen un salario justo.\n"


class SearchTranslationLinkTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published(title="Fair pay in the port", body=BODY)
        for language, title, body in [
            ("es", "Salario justo en el puerto", SPANISH),
            ("tr", "Limanda adil ücret", "Valparaíso liman işçileri adil ücreti hak ediyor.\n"),
        ]:
            statement_services.translation_save(
                statement=cls.statement,
                actor=cls.coordinator,
                language=language,
                title=title,
                body=body,
            )
        cls.url = cls.statement.get_absolute_url()

    def only_hit(self, query: str) -> site_search.Hit:
        hits, total = site_search.search(query)
        self.assertEqual(total, 1, query)
        return hits[0]

    def test_words_of_a_translation_lead_to_the_translation(self):
        for query in ("trabajadores salario", "Trabajadores portuarios", "salario justo"):
            with self.subTest(query=query):
                hit = self.only_hit(query)
                self.assertEqual(hit.url, f"{self.url}?lang=es")
                self.assertEqual((hit.title, hit.language), ("Salario justo en el puerto", "es"))
        self.assertEqual(self.only_hit("liman işçileri").url, f"{self.url}?lang=tr")

    def test_words_of_the_original_lead_to_the_statement(self):
        for query in ("fair pay", "dock workers", "Valparaíso"):  # the last is in every text
            with self.subTest(query=query):
                hit = self.only_hit(query)
                self.assertEqual(
                    (hit.url, hit.title, hit.language), (self.url, "Fair pay in the port", "")
                )

    def test_the_search_page_links_to_the_translation_and_it_opens_in_spanish(self):
        page = self.client.get("/search/", {"q": "trabajadores portuarios"}).content.decode()
        self.assertIn(
            f'<a href="{self.url}?lang=es" hreflang="es" lang="es" dir="ltr">'
            "Salario justo en el puerto</a>",
            page,
        )
        self.assertContains(
            self.client.get(f"{self.url}?lang=es"),
            '<h1 lang="es" dir="ltr">Salario justo en el puerto</h1>',
        )

    def test_a_translation_no_longer_offered_is_not_linked(self):
        self.statement.translations.filter(language="es").delete()
        hits, total = site_search.search("trabajadores")
        self.assertEqual(total, 0)
        self.assertEqual(self.only_hit("fair").url, self.url)
