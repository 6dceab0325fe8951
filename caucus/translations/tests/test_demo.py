"""The demo ships the joint declaration and the campaign in the scenario's seven languages."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caucus.campaigns.demo_translations import CAMPAIGN
from caucus.campaigns.models import Campaign
from caucus.statements.demo_translations import DECLARATION
from caucus.statements.models import Statement

SEVEN = {"en", "es", "tr", "el", "it", "pt", "az"}


class DemoLanguagesTestCase(TestCase):
    def test_the_declaration_and_the_campaign_in_seven_languages_complete_and_current(self):
        call_command("loaddemo", stdout=StringIO())
        for source in (
            Statement.objects.get(slug="joint-declaration"),
            Campaign.objects.get(slug="decent-work-fortnight"),
        ):
            with self.subTest(source=source.slug):
                translations = list(source.translations.all())
                self.assertEqual({source.language, *(t.language for t in translations)}, SEVEN)
                for translation in translations:
                    self.assertFalse(translation.is_stale, translation.language)
                    missing = [k for k, v in translation.texts().items() if not v]
                    # Only the fictional company's name stays as it is.
                    self.assertLessEqual(len(missing), 1, (translation.language, missing))
        page = self.client.get("/campaigns/decent-work-fortnight/?lang=az")
        self.assertContains(page, "Layiqli Əmək Uğrunda İki Həftə")
        page = self.client.get("/s/joint-declaration/", headers={"accept-language": "el"})
        self.assertContains(page, "Έντεκα οργανώσεις από οκτώ χώρες")

    def test_a_reader_of_each_language_gets_both_pages_in_it(self):
        call_command("loaddemo", stdout=StringIO())
        self.assertEqual(set(CAMPAIGN), set(DECLARATION))
        self.assertEqual({"en", *CAMPAIGN}, SEVEN)
        for language in sorted(CAMPAIGN):
            with self.subTest(language=language):
                page = self.client.get(f"/campaigns/decent-work-fortnight/?lang={language}")
                self.assertContains(page, CAMPAIGN[language]["title"])
                self.assertContains(page, CAMPAIGN[language]["demands"][0])
                self.assertContains(page, CAMPAIGN[language]["days"][0])
                self.assertNotContains(page, "Not yet available")
                page = self.client.get(f"/s/joint-declaration/?lang={language}")
                self.assertContains(page, DECLARATION[language][0])
                self.assertNotContains(page, "Not yet available")
