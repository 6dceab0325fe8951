"""Every moment a template or an email shows goes through the dates helpers with a zone
(issue 14): the place's, else UTC labelled as such, never the server's clock unlabelled or a
bare "UTC" typed after a time. The moment tag writes a <time datetime="...Z"> the reader-zone
script follows."""

import re
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from caucus.lib import dates

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# What each pattern would mean on a page.
FORBIDDEN = {
    r"\|format_datetime(?!:)": "a date and time on the server's clock, with no zone",
    r"(\}\}|%\}) UTC\b": "a bare 'UTC' typed after a time instead of the zone's label",
    r'\{% timezone "UTC" %\}': "a time forced to UTC instead of the place's clock",
    # Any <time>: an instant goes through the moment tag (Z), a day as the date it shows.
    r"<time datetime=\"\{\{ [\w.]+\|date:'c' \}\}\">": (
        "a <time> whose datetime carries the server's offset rather than Z"
    ),
}


class TemplatesUseTheHelperTestCase(SimpleTestCase):
    def test_no_template_writes_a_moment_by_hand(self):
        found = []
        for path in sorted(TEMPLATES.rglob("*.html")):
            text = path.read_text()
            for pattern, meaning in FORBIDDEN.items():
                for match in re.finditer(pattern, text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(TEMPLATES)}:{line}: {meaning}")
        self.assertEqual(found, [])

    def test_the_walker_would_catch_a_bare_utc(self):
        # The patterns above are live: each matches the line it was written against.
        samples = [
            "{{ v.created|format_datetime }}",
            "{% blocktranslate %}Reminded {{ when }} UTC{% endblocktranslate %}",
            '{% timezone "UTC" %}',
            "<time datetime=\"{{ e.created|date:'c' }}\">{{ e.created|format_datetime }}",
        ]
        for sample, pattern in zip(samples, FORBIDDEN, strict=True):
            self.assertRegex(sample, pattern)


class MomentTagTestCase(SimpleTestCase):
    at = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)

    def render(self, zone: str, language: str = "en") -> str:
        template = Template("{% load when %}{% moment at zone as w %}Reminded {{ w }}")
        with translation.override(language):
            return template.render(Context({"at": self.at, "zone": zone}))

    def test_it_writes_the_places_time_with_its_label_and_a_utc_instant(self):
        html = self.render("Europe/Istanbul")
        self.assertIn(
            '<time datetime="2026-12-04T14:30:00Z">Fri 4 December 2026, 17:30</time>', html
        )
        self.assertIn("(Istanbul time, UTC+03:00)", html)
        self.assertIn('data-utc="2026-12-04T14:30:00Z"', html)  # for the reader's time

    def test_without_a_place_it_says_utc(self):
        html = self.render("")
        self.assertIn("Fri 4 December 2026, 14:30</time>", html)
        self.assertIn('<span class="zone">(UTC)</span>', html)

    def test_it_follows_the_language(self):
        html = self.render("America/Argentina/Buenos_Aires", "es")
        self.assertIn("vie 4 de diciembre de 2026, 11:30</time>", html)

    def test_nothing_for_no_moment(self):
        self.assertEqual(
            Template("{% load when %}[{% moment none 'UTC' %}]").render(Context({})), "[]"
        )


class PlaceDatetimeTestCase(SimpleTestCase):
    def test_text_for_emails_carries_the_label(self):
        at = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)
        with translation.override("en"):
            self.assertEqual(
                dates.place_datetime(at, "Europe/Istanbul"),
                "4 December 2026, 17:30 (Istanbul time, UTC+03:00)",
            )
            self.assertEqual(dates.place_datetime(at, None), "4 December 2026, 14:30 (UTC)")


class ReaderScriptTestCase(SimpleTestCase):
    def test_the_script_names_cities_as_the_server_does(self):
        script = (Path(settings.BASE_DIR) / "static" / "caucus" / "when.js").read_text()
        table = re.search(r"var CITIES = \{(.*?)\};", script, re.S)
        self.assertIsNotNone(table)
        pairs = dict(re.findall(r'"([^"]+)": "([^"]+)"', table.group(1)))
        self.assertEqual(pairs, dates.CITIES)

    def test_the_script_writes_in_the_pages_language(self):
        script = (Path(settings.BASE_DIR) / "static" / "caucus" / "when.js").read_text()
        self.assertIn("var lang = document.documentElement.lang", script)
        self.assertIn("new Intl.DateTimeFormat(lang, options)", script)
