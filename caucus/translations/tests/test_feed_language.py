"""Calendars, feeds and the campaign's map, calendar and embed pages speak the reader's or the
feed's language (issue 16): a calendar app sends no cookie, so ?lang= decides."""

from django.utils import translation

from caucus.translations.feeds import interface_language
from caucus.translations.tests.helpers import (
    GREEK_TITLE,
    CampaignTranslationTestCase,
    greek_texts,
)


class FeedLanguageTestCase(CampaignTranslationTestCase):
    def setUp(self):
        self.translate("el")
        self.translate("es", texts={**greek_texts(self.campaign), "title": "Primavera de acción"})

    def test_content_languages_find_their_interface_language(self):
        self.assertEqual(interface_language("pt"), "pt-br")
        self.assertEqual(interface_language("el"), "el")
        self.assertEqual(interface_language("qu"), "")

    def test_a_calendar_is_named_in_the_language_its_address_asks_for(self):
        english = self.client.get("/campaigns/spring/countries/TR/calendar.ics")
        self.assertIn("X-WR-CALNAME:Spring of Action · Türkiye", english.content.decode())
        spanish = self.client.get(
            "/campaigns/spring/countries/TR/calendar.ics?lang=es",
            headers={"accept-language": "en"},
        )
        # The campaign's Spanish title and the country named in Spanish.
        self.assertIn("X-WR-CALNAME:Primavera de acción · Turquía", spanish.content.decode())

    def test_a_language_the_interface_lacks_keeps_the_readers(self):
        response = self.client.get(
            "/campaigns/spring/countries/TR/calendar.ics?lang=qu",
            headers={"accept-language": "es"},
        )
        self.assertIn("Turquía", response.content.decode())

    def test_the_hearings_calendar_is_named_in_its_language(self):
        with translation.override("es"):
            expected = translation.gettext("%(name)s: hearings") % {"name": self.coalition.name}
        response = self.client.get(f"/cases/calendar/{self.coalition.slug}.ics?lang=es")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"X-WR-CALNAME:{expected}", response.content.decode())

    def test_map_calendar_and_embed_titles_are_in_the_readers_language(self):
        for path in ("map/", "calendar/", "embed/"):
            with self.subTest(path):
                response = self.client.get(f"/campaigns/spring/{path}?lang=el")
                self.assertContains(
                    response, f"<title>{GREEK_TITLE}" if path == "embed/" else GREEK_TITLE
                )
                self.assertNotContains(response, "Spring of Action</")

    def test_the_embed_says_its_language_and_direction(self):
        self.client.cookies["django_language"] = "ar"
        response = self.client.get("/campaigns/spring/embed/?lang=el")
        self.assertContains(response, '<html lang="ar" dir="rtl">')
        self.assertContains(response, '<h1 lang="el" dir="ltr">')
