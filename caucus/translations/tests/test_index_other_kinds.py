"""Search finds a case by the words of its translation; the sitemaps list the translations of
organizations, coalitions and topics as alternates (campaigns and statements: test_reading.py
and caucus/public/tests/test_publishers.py)."""

import re

from caucus.coalitions.translatable import COALITION
from caucus.organizations.translatable import ORGANIZATION
from caucus.public import search as site_search
from caucus.solidarity.tests.base import CaseTestCase
from caucus.solidarity.translatable import CASE
from caucus.test import BaseTestCase
from caucus.topics.models import Topic
from caucus.topics.translatable import TOPIC
from caucus.translations import services
from caucus.translations.models import source_texts


class CaseSearchTestCase(CaseTestCase):
    def translate(self):
        return services.translation_save(
            translatable=CASE,
            source=self.open_case,
            actor=self.coordinator,
            language="es",
            texts={"summary": "Un estibador procesado por una huelga portuaria."},
        )

    def test_a_word_of_the_translation_finds_the_case_in_that_language(self):
        self.assertEqual(site_search.search("estibador")[1], 0)
        self.translate()
        hits, total = site_search.search("estibador")
        self.assertEqual(total, 1)
        self.assertEqual(hits[0].url, "/cases/mehmet-demir/?lang=es")
        self.assertEqual(hits[0].language, "es")
        # The original's words still find it, at its own address.
        hits, total = site_search.search("docker")
        self.assertEqual(total, 1)
        self.assertEqual(hits[0].url, "/cases/mehmet-demir/")
        page = self.client.get("/search/", {"q": "estibador"})
        self.assertContains(page, 'href="/cases/mehmet-demir/?lang=es"')

    def test_a_deleted_translation_no_longer_finds_it(self):
        self.translate().delete()
        self.assertEqual(site_search.search("estibador")[1], 0)


def alternates(body: str, path: str) -> dict[str, str]:
    """{hreflang: href} of the sitemap entry whose <loc> is `path`."""
    for entry in re.findall(r"<url>(.*?)</url>", body, re.S):
        if f"<loc>http://testserver{path}</loc>" in entry:
            return dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry))
    raise AssertionError(f"{path} is not in the sitemap")


def every_text(source, word: str) -> dict[str, str]:
    return {item.key: f"{word} {n}" for n, item in enumerate(source_texts(source)) if item.text}


class SitemapAlternatesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alpha.is_public = True
        cls.alpha.description = "A union of rail workers."
        cls.alpha.save()
        cls.coalition.is_public = True
        cls.coalition.description = "Unions acting together."
        cls.coalition.save()
        cls.topic = Topic.objects.create(slug="labour", name="Labour", description="Work.")

    def test_profiles_and_topics_list_each_language_with_its_address(self):
        for translatable, source, actor, language in (
            (ORGANIZATION, self.alpha, self.editor, "tr"),
            (COALITION, self.coalition, self.coordinator, "es"),
            (TOPIC, self.topic, self.operator, "el"),
        ):
            services.translation_save(
                translatable=translatable,
                source=source,
                actor=actor,
                language=language,
                texts=every_text(source, "Çeviri"),
            )
        # (A sitemap is cached until the public index changes or for ten minutes; a profile's
        # translation is not in the index, so it shows once the cached copy expires.)
        profiles = self.client.get("/sitemap-profiles.xml").content.decode()
        self.assertEqual(alternates(profiles, "/o/beta/"), {})  # one language: none
        self.assertEqual(
            alternates(profiles, "/o/alpha/"),
            {
                "en": "http://testserver/o/alpha/?lang=en",
                "tr": "http://testserver/o/alpha/?lang=tr",
            },
        )
        self.assertEqual(
            alternates(profiles, "/c/united/"),
            {
                "en": "http://testserver/c/united/?lang=en",
                "es": "http://testserver/c/united/?lang=es",
            },
        )
        topics = self.client.get("/sitemap-topics.xml").content.decode()
        self.assertEqual(
            alternates(topics, "/topics/labour/"),
            {
                "en": "http://testserver/topics/labour/?lang=en",
                "el": "http://testserver/topics/labour/?lang=el",
            },
        )
