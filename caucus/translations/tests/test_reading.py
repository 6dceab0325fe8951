"""Readers get a campaign in their language: page, feeds, calendar, sitemap and search."""

import feedparser
import vobject
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from caucus.public import search as site_search
from caucus.translations.tests.helpers import GREEK_TITLE, CampaignTranslationTestCase

URL = "/campaigns/spring/"


class CampaignPageLanguageTestCase(CampaignTranslationTestCase):
    def setUp(self):
        self.translate()

    def test_accept_language_gives_the_greek_text_with_its_lang_and_the_greek_interface(self):
        page = self.client.get(URL, headers={"accept-language": "el"})
        self.assertContains(page, f'<h1 lang="el" dir="ltr">{GREEK_TITLE}</h1>', html=False)
        self.assertContains(page, "Δίκαιοι μισθοί")
        self.assertContains(page, "<strong>κάθε</strong>")
        self.assertContains(page, '<html lang="el"')
        self.assertNotContains(page, "Not yet available")

    def test_the_language_cookie_and_lang_choose_too_and_lang_comes_first(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "el"
        self.assertContains(self.client.get(URL), GREEK_TITLE)
        page = self.client.get(URL + "?lang=en")
        self.assertContains(page, '<h1 lang="en" dir="ltr">Spring of Action</h1>', html=False)

    def test_a_language_without_translation_gets_the_original_with_a_notice(self):
        page = self.client.get(URL, headers={"accept-language": "az"})
        self.assertContains(page, '<h1 lang="en" dir="ltr">Spring of Action</h1>', html=False)
        self.assertContains(page, 'class="notice fallback"')
        self.assertContains(page, '<bdi lang="az">Azərbaycanca</bdi>', html=False)
        self.assertContains(page, '<bdi lang="en">English</bdi>', html=False)

    def test_the_switcher_names_each_language_in_itself_with_hreflang(self):
        page = self.client.get(URL)
        self.assertContains(page, 'hreflang="el" lang="el" dir="ltr">Ελληνικά</a>', html=False)
        self.assertContains(
            page, f'<link rel="alternate" hreflang="el" href="{settings.SITE_URL}{URL}?lang=el">'
        )
        self.assertContains(page, 'hreflang="x-default"')

    def test_an_untranslated_target_shows_its_original_name(self):
        page = self.client.get(URL + "?lang=el")
        self.assertContains(page, "Ministry of Labour")

    @override_settings(LANGUAGE_CODE="en")
    def test_an_arabic_reader_gets_english_content_marked_left_to_right(self):
        page = self.client.get(URL, headers={"accept-language": "ar"})
        self.assertContains(page, '<html lang="ar" dir="rtl"')
        self.assertContains(page, '<h1 lang="en" dir="ltr">Spring of Action</h1>', html=False)


class CampaignFeedsLanguageTestCase(CampaignTranslationTestCase):
    def setUp(self):
        self.translate()

    def test_the_calendar_in_greek_carries_the_greek_name_and_day_themes(self):
        body = self.client.get("/campaigns/spring/calendar.ics?lang=el").content.decode()
        calendar = vobject.readOne(body)
        self.assertEqual(calendar.x_wr_calname.value, f"{GREEK_TITLE} · Caucus")
        self.assertEqual(calendar.x_wr_caldesc.value, "Δύο εβδομάδες")
        plain = self.client.get("/campaigns/spring/calendar.ics").content.decode()
        self.assertIn("Spring of Action", plain)
        self.assertNotIn(GREEK_TITLE, plain)

    def test_a_calendar_follows_only_its_address_not_the_reader(self):
        body = self.client.get("/campaigns/spring/calendar.ics", headers={"accept-language": "el"})
        self.assertNotIn(GREEK_TITLE, body.content.decode())

    def test_the_atom_feed_in_greek_links_every_language(self):
        feed = feedparser.parse(self.client.get("/campaigns/spring/feed/atom/?lang=el").content)
        with translation.override("el"):  # the feed's own words in its language too (issue 16)
            expected = translation.gettext("%(title)s: actions") % {"title": GREEK_TITLE}
        self.assertEqual(feed.feed.title, expected)
        alternates = {link.get("hreflang"): link.href for link in feed.feed.links}
        self.assertEqual(alternates["el"], f"{settings.SITE_URL}{URL}?lang=el")
        self.assertEqual(alternates["en"], f"{settings.SITE_URL}{URL}?lang=en")


class CampaignIndexLanguageTestCase(CampaignTranslationTestCase):
    def test_search_finds_the_campaign_by_a_greek_word_and_links_the_translation(self):
        self.translate()
        hits, total = site_search.search("συνδικάτα")
        self.assertEqual(total, 1)
        self.assertEqual(hits[0].url, f"{URL}?lang=el")
        self.assertEqual(hits[0].title, GREEK_TITLE)

    def test_the_sitemap_lists_the_translation_as_an_alternate(self):
        self.translate()
        body = self.client.get("/sitemap-items.xml").content.decode()
        self.assertIn(f'hreflang="el" href="http://testserver{URL}?lang=el"', body)

    def test_a_deleted_translation_leaves_the_index(self):
        self.translate().delete()
        self.assertEqual(site_search.search("συνδικάτα")[1], 0)
