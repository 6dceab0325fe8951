"""Content in another language than the page's: its lang and direction, lists, names."""

from django.template import engines
from django.test import SimpleTestCase
from django.utils import translation


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load langs %}" + source).render(context)


class LangsTestCase(SimpleTestCase):
    def test_content_carries_its_language_and_direction(self):
        self.assertEqual(render("<p {{ 'en'|lang_dir }}>"), '<p lang="en" dir="ltr">')
        self.assertEqual(render("<p {{ 'ar'|lang_dir }}>"), '<p lang="ar" dir="rtl">')
        self.assertEqual(render("<p {{ code|lang_dir }}>", code=""), "<p >")
        code = '" onload="x'  # a code from a request is escaped like any text
        self.assertEqual(
            render("{{ code|lang_dir }}", code=code), 'lang="&quot; onload=&quot;x" dir="ltr"'
        )

    def test_lists_use_the_arabic_comma_on_arabic_pages(self):
        items = ["Rosario", "<b>Lima</b>"]
        with translation.override("ar"):
            self.assertEqual(
                render("{{ items|join_list }}", items=items), "Rosario، &lt;b&gt;Lima&lt;/b&gt;"
            )
            self.assertEqual(render("a{% comma %}b"), "a، b")
        with translation.override("en"):
            self.assertEqual(
                render("{{ items|join_list }}", items=items), "Rosario, &lt;b&gt;Lima&lt;/b&gt;"
            )

    def test_languages_are_named_in_themselves_and_countries_in_the_readers(self):
        with translation.override("ar"):
            self.assertEqual(render("{{ 'el'|endonym }} {{ 'TR'|country_name }}"), "Ελληνικά تركيا")

    def test_names_in_a_sentence_are_isolated(self):
        self.assertEqual(
            render("{{ name|bdi }}", name="<b>E.K.</b>"), "<bdi>&lt;b&gt;E.K.&lt;/b&gt;</bdi>"
        )
        self.assertEqual(render("{{ name|bdi }}", name=""), "")
        source = (
            "{% load i18n %}{% blocktranslate with org=name|bdi %}By {{ org }}."
            "{% endblocktranslate %}"
        )
        self.assertEqual(render(source, name="FETRAU"), "By <bdi>FETRAU</bdi>.")
