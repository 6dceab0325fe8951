"""Names in plain text (emails, subjects, flash messages, attributes) are kept whole with
Unicode isolates where they could move (issue 14): in a right-to-left language, or when the
name itself is written right to left."""

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from caucus.lib.bidi import FSI, PDI, isolate_text


class IsolateTextTestCase(SimpleTestCase):
    def test_a_latin_name_in_arabic_text_is_isolated(self):
        with translation.override("ar"):
            self.assertEqual(isolate_text("FETRAU (Córdoba)"), f"{FSI}FETRAU (Córdoba){PDI}")

    def test_an_arabic_name_in_english_text_is_isolated(self):
        with translation.override("en"):
            self.assertEqual(isolate_text("اتحاد العمال"), f"{FSI}اتحاد العمال{PDI}")

    def test_a_latin_name_in_english_text_is_left_alone(self):
        with translation.override("en"):
            self.assertEqual(isolate_text("FETRAU (Córdoba)"), "FETRAU (Córdoba)")

    def test_nothing_stays_nothing(self):
        with translation.override("ar"):
            self.assertEqual(isolate_text(None), "")
            self.assertEqual(isolate_text(""), "")

    def test_the_filter_isolates_each_name_of_a_list(self):
        template = Template("{% load langs %}{{ names|bdi_text }}")
        with translation.override("ar"):
            text = template.render(Context({"names": ["ALPHA", "GAMMA"]}))
        self.assertEqual(text, f"{FSI}ALPHA{PDI}، {FSI}GAMMA{PDI}")

    def test_an_html_list_puts_each_name_in_a_bdi(self):
        template = Template("{% load langs %}{{ names|bdi_list }}")
        with translation.override("en"):
            html = template.render(Context({"names": ["A & B", "GAMMA"]}))
        self.assertEqual(html, "<bdi>A &amp; B</bdi>, <bdi>GAMMA</bdi>")
