"""The pure rules of caucus/lib/translations.py: the reader's languages, names, staleness."""

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from caucus.lib.translations import (
    choose,
    direction,
    endonym,
    reader_preference,
    stale_keys,
    text_hash,
)


class ReaderPreferenceTestCase(SimpleTestCase):
    def test_lang_then_cookie_then_accept_language_as_base_codes(self):
        preference = reader_preference(
            asked="el", cookie="pt-br", accept_language="az;q=0.9, tr;q=0.8, en-GB;q=0.1"
        )
        self.assertEqual(preference.first, "el")
        self.assertEqual(preference.accepted, ("el", "pt", "az", "tr", "en"))

    def test_unknown_codes_are_skipped(self):
        preference = reader_preference(asked="zz", cookie="", accept_language="*, xx, es")
        self.assertEqual(preference.accepted, ("es",))

    def test_the_first_accepted_language_the_content_has_wins_else_the_original(self):
        preference = reader_preference(asked="", cookie="az", accept_language="tr, en")
        self.assertEqual(choose(preference, "en", {"tr", "el"}), "tr")
        self.assertEqual(choose(preference, "en", {"el"}), "en")
        self.assertEqual(
            choose(reader_preference(asked="", cookie="", accept_language=""), "es", {"el"}), "es"
        )

    @given(st.text(max_size=300), st.text(max_size=16), st.text(max_size=16))
    def test_any_header_gives_known_codes_only(self, header, asked, cookie):
        preference = reader_preference(asked=asked, cookie=cookie, accept_language=header)
        for code in preference.accepted:
            self.assertRegex(code, r"^[a-z]{2}$")


class NamesTestCase(SimpleTestCase):
    def test_languages_are_named_in_themselves(self):
        self.assertEqual(endonym("el"), "Ελληνικά")
        self.assertEqual(endonym("az"), "Azərbaycanca")
        self.assertEqual(endonym("pt"), "Português")

    def test_direction(self):
        self.assertEqual(direction("ar"), "rtl")
        self.assertEqual(direction("he"), "rtl")
        self.assertEqual(direction("el"), "ltr")


class StaleKeysTestCase(SimpleTestCase):
    def test_changed_and_added_texts_are_stale_removed_and_empty_ones_are_not(self):
        recorded = {"title": text_hash("Title"), "body": text_hash("Body"), "gone": text_hash("x")}
        current = {"title": "Title  ", "body": "Body changed", "new": "New", "empty": ""}
        self.assertEqual(stale_keys(recorded, current), ["body", "new"])
