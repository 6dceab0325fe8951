"""Countries and languages as the reader knows them: short names, their own alphabet's order."""

from django.test import SimpleTestCase
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from caucus.lib import countries
from caucus.lib.countries import country_choices, country_name, sort_key


class CountryNameTestCase(SimpleTestCase):
    def test_it_uses_short_common_names_not_iso_officialese(self):
        with translation.override("en"):
            names = {
                code: country_name(code) for code in ("BO", "IR", "KR", "KP", "TW", "PS", "RU")
            }
        self.assertEqual(
            names,
            {
                "BO": "Bolivia",
                "IR": "Iran",
                "KR": "South Korea",
                "KP": "North Korea",
                "TW": "Taiwan",
                "PS": "Palestine",
                "RU": "Russia",
            },
        )

    def test_every_english_name_is_short(self):
        with translation.override("en"):
            long_ones = [name for _code, name in country_choices() if ", " in name]
        self.assertEqual(long_ones, [])

    def test_turkiye_is_named_in_arabic_and_greek(self):
        self.assertEqual(country_name("TR", "ar"), "تركيا")
        self.assertEqual(country_name("TR", "el"), "Τουρκία")
        self.assertEqual(country_name("TR", "tr"), "Türkiye")

    def test_brazilian_readers_get_brazilian_spellings(self):
        # pycountry's European Portuguese catalog says "Irão" and "Vietname".
        self.assertEqual(country_name("IR", "pt-br"), "Irã")
        self.assertEqual(country_name("VN", "pt-br"), "Vietnã")

    def test_the_official_name_is_cut_where_the_catalog_lacks_the_short_one(self):
        self.assertEqual(country_name("BO", "es"), "Bolivia")
        self.assertEqual(country_name("KR", "es"), "Corea del Sur")  # not "Corea"
        self.assertEqual(country_name("MD", "ar"), "مولدوفا")  # the catalog says the Maldives

    def test_an_unknown_code_is_shown_as_it_is(self):
        self.assertEqual(country_name("ZZ"), "ZZ")


class SortTestCase(SimpleTestCase):
    def names(self, language: str) -> list[str]:
        with translation.override(language):
            return [name for _code, name in country_choices()]

    def test_accented_letters_sort_with_their_base_letter_in_english(self):
        names = self.names("en")
        self.assertEqual(names[:3], ["Afghanistan", "Åland Islands", "Albania"])

    def test_turkish_letters_follow_their_base_letter(self):
        names = self.names("tr")
        # ü after u: Tuvalu, then Türkiye; ç after c: Cezayir before Çad; ı before i.
        self.assertLess(names.index("Tuvalu"), names.index("Türkiye"))
        self.assertLess(names.index("Cezayir"), names.index("Çad"))
        self.assertLess(sort_key("Irak", "tr"), sort_key("İran", "tr"))  # I is ı, İ is i

    def test_spanish_n_tilde_follows_n(self):
        self.assertLess(sort_key("Nuevo", "es"), sort_key("Ñandú", "es"))
        self.assertLess(sort_key("Ñandú", "es"), sort_key("Oman", "es"))

    def test_selects_can_start_empty(self):
        self.assertEqual(country_choices(blank="—")[0], ("", "—"))
        self.assertEqual(len(country_choices(blank="—")), len(countries.COUNTRY_CODES) + 1)

    @given(st.text(max_size=40), st.sampled_from(["en", "tr", "az", "es", "ar", "el", "pt-br"]))
    def test_any_name_has_a_sort_key(self, text, language):
        self.assertIsInstance(sort_key(text, language), str)


class LanguageNameTestCase(SimpleTestCase):
    def test_iso_qualifiers_are_dropped(self):
        self.assertEqual(countries.language_name("el", "en"), "Modern Greek")
        self.assertEqual(countries.language_name("el", "tr"), "Çağdaş Yunanca")
