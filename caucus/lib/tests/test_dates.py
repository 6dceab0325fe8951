"""One date and time style in every language: the helper, its template library, and the
templates that must go through it."""

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import engines
from django.test import SimpleTestCase
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from caucus.lib import dates

# Sunday 20 December 2026, 23:30 UTC: 18:30 in Bogotá, 02:30 on Monday in Istanbul.
MOMENT = datetime(2026, 12, 20, 23, 30, tzinfo=UTC)
DAY = date(2026, 12, 4)


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load when langs %}" + source).render(context)


class StyleTestCase(SimpleTestCase):
    def test_each_language_writes_dates_its_own_way_with_a_24_hour_clock(self):
        expected = {
            "en": ("4 December 2026", "Sun 20 December 2026, 18:30"),
            "es": ("4 de diciembre de 2026", "dom 20 de diciembre de 2026, 18:30"),
            "tr": ("4 Aralık 2026", "20 Aralık 2026 Pazar, 18:30"),
            "ar": ("4 ديسمبر 2026", "الأحد 20 ديسمبر 2026، 18:30"),
            "el": ("4 Δεκεμβρίου 2026", "Κυρ 20 Δεκεμβρίου 2026, 18:30"),
            "it": ("4 dicembre 2026", "dom 20 dicembre 2026, 18:30"),
            "pt-br": ("4 de dezembro de 2026", "dom, 20 de dezembro de 2026, 18:30"),
            "az": ("4 dekabr 2026", "bzr, 20 dekabr 2026, 18:30"),
        }
        self.assertEqual(set(expected), {code for code, _name in settings.LANGUAGES})
        for language, (day, moment) in expected.items():
            with self.subTest(language), translation.override(language):
                self.assertEqual(dates.format_date(DAY), day)
                shown = dates.format_datetime(MOMENT, "America/Bogota", weekday=True)
                self.assertEqual(shown, moment)
                self.assertNotRegex(shown, r"(?i)\b[ap]\.?m\.?\b")

    def test_a_language_without_a_style_gets_the_english_one(self):
        with translation.override("fr"):
            self.assertEqual(dates.format_datetime(MOMENT, "UTC"), "20 décembre 2026, 23:30")

    def test_a_span_names_the_second_date_only_when_it_is_another_day(self):
        zone = ZoneInfo("America/Bogota")
        end = datetime(2026, 12, 21, 1, 0, tzinfo=UTC)
        late = datetime(2026, 12, 21, 6, 0, tzinfo=UTC)
        with translation.override("en"):
            self.assertEqual(
                dates.format_span(MOMENT, end, zone), "Sun 20 December 2026, 18:30–20:00"
            )
            self.assertEqual(
                dates.format_span(MOMENT, late, zone),
                "Sun 20 December 2026, 18:30 – Mon 21 December 2026, 01:00",
            )

    def test_a_zone_is_named_after_its_city_with_its_offset(self):
        with translation.override("en"):
            self.assertEqual(
                dates.zone_label("America/Argentina/Buenos_Aires", MOMENT),
                "Buenos Aires time, UTC−03:00",
            )
            self.assertEqual(dates.zone_label("America/Bogota", MOMENT), "Bogotá time, UTC−05:00")
            self.assertEqual(
                dates.zone_label(ZoneInfo("Asia/Baku"), MOMENT), "Baku time, UTC+04:00"
            )
            self.assertEqual(dates.zone_label("UTC", MOMENT), "UTC")
            self.assertEqual(dates.zone_label("Etc/GMT+3", MOMENT), "UTC−03:00")
            # The offset is the one in force at that moment: Santiago in its summer.
            self.assertEqual(
                dates.zone_label("America/Santiago", MOMENT), "Santiago time, UTC−03:00"
            )
            july = datetime(2026, 7, 1, tzinfo=UTC)
            self.assertEqual(dates.zone_label("America/Santiago", july), "Santiago time, UTC−04:00")

    def test_the_scripts_pattern_follows_the_language(self):
        with translation.override("es"):
            self.assertEqual(
                dates.js_pattern("weekday_datetime"),
                "{weekday} {day} de {month} de {year}, {hour}:{minute}",
            )
        self.assertEqual(
            dates.js_pattern("weekday_datetime", "ar"),
            "{weekday_long} {day} {month} {year}، {hour}:{minute}",
        )
        self.assertEqual(dates.js_pattern("time", "tr"), "{hour}:{minute}")

    @given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
    def test_any_moment_in_any_language_is_written_without_failing(self, naive):
        moment = naive.replace(tzinfo=UTC)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                self.assertIn(":", dates.format_datetime(moment, "Asia/Baku"))


class TemplateLibraryTestCase(SimpleTestCase):
    def test_when_writes_the_place_then_the_readers_clock(self):
        with translation.override("en"):
            html = render(
                "{% when at 'America/Bogota' reader=reader %}",
                at=MOMENT,
                reader=ZoneInfo("Europe/Istanbul"),
            )
        self.assertIn(
            '<time datetime="2026-12-20T23:30:00Z">Sun 20 December 2026, 18:30</time>', html
        )
        self.assertIn("(Bogotá time, UTC−05:00)", html)
        self.assertIn("your time: Mon 21 December 2026, 02:30 (Istanbul time, UTC+03:00)", html)

    def test_when_gives_only_the_time_when_the_reader_has_the_same_day(self):
        with translation.override("en"):
            html = render(
                "{% when at 'America/Bogota' reader=reader %}",
                at=MOMENT,
                reader=ZoneInfo("America/Santiago"),
            )
        self.assertIn("your time: 20:30 (Santiago time, UTC−03:00)", html)

    def test_when_says_nothing_more_to_a_reader_in_the_places_zone(self):
        html = render(
            "{% when at 'America/Bogota' reader=reader %}",
            at=MOMENT,
            reader=ZoneInfo("America/Bogota"),
        )
        self.assertNotIn("reader-time", html)

    def test_without_a_reader_it_leaves_a_slot_for_the_script(self):
        with translation.override("ar"):
            html = render("{% when at 'America/Bogota' %}", at=MOMENT)
        slot = re.search(r'<span class="reader-time" hidden([^>]*)>', html)
        self.assertIsNotNone(slot)
        attributes = dict(re.findall(r'data-([\w-]+)="([^"]*)"', slot.group(1)))
        self.assertEqual(attributes["utc"], "2026-12-20T23:30:00Z")
        self.assertEqual(attributes["zone"], "America/Bogota")
        self.assertEqual(
            attributes["format"], "{weekday_long} {day} {month} {year}، {hour}:{minute}"
        )
        self.assertIn("{when}", attributes["template"])
        self.assertIn("{city}", attributes["zone-template"])

    def test_filters_follow_the_timezone_tag_and_filter(self):
        source = (
            "{% load tz %}{% timezone 'Asia/Baku' %}{{ at|format_datetime }}{% endtimezone %}"
            " | {{ at|timezone:'America/Lima'|format_time }} | {{ at|format_time:'UTC' }}"
        )
        with translation.override("en"):
            self.assertEqual(render(source, at=MOMENT), "21 December 2026, 03:30 | 18:30 | 23:30")

    def test_place_time_is_text_for_emails(self):
        end = datetime(2026, 12, 21, 1, 0, tzinfo=UTC)
        with translation.override("en"):
            text = render("{% place_time at 'America/Bogota' end=end %}", at=MOMENT, end=end)
        self.assertEqual(text, "Sun 20 December 2026, 18:30–20:00 (Bogotá time, UTC−05:00)")


# Machine formats (attributes, query strings, file names) may use |date; what people read
# goes through the `when` library, so every page shows one style.
MACHINE_FORMATS = {"c", "Y-m-d", "Y-m", "U"}


class TemplatesUseOneStyleTestCase(SimpleTestCase):
    def test_no_template_formats_a_date_for_people_by_itself(self):
        found = []
        roots = [
            Path(settings.BASE_DIR) / "templates",
            *Path(settings.BASE_DIR).glob("caucus/*/templates"),
        ]
        for root in roots:
            for path in root.rglob("*.html"):
                text = path.read_text()
                for match in re.finditer(r"\|(date|time)\b(?::(['\"])(.*?)\2)?", text):
                    if match.group(1) == "date" and match.group(3) in MACHINE_FORMATS:
                        continue
                    found.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}")
        self.assertEqual(found, [])


class RightToLeftTestCase(SimpleTestCase):
    """On an Arabic page a time range must not read backwards ("20:00–18:00") and a zone's
    city and offset must keep their order: they are isolated, and only there."""

    start = datetime(2031, 3, 4, 21, 0, tzinfo=UTC)
    end = datetime(2031, 3, 4, 23, 0, tzinfo=UTC)

    def test_arabic_isolates_the_time_range_and_the_offset(self):
        with translation.override("ar"):
            span = dates.format_span(self.start, self.end, "America/Santiago")
            label = dates.zone_label("America/Santiago", self.start)
        self.assertIn(f"{dates.LRI}18:00–20:00{dates.PDI}", span)
        self.assertIn(f"{dates.LRI}UTC−03:00{dates.PDI}", label)
        self.assertIn(f"{dates.FSI}Santiago{dates.PDI}", label)

    def test_left_to_right_languages_get_plain_text(self):
        for language in ("en", "es", "el", "tr"):
            with self.subTest(language=language), translation.override(language):
                span = dates.format_span(self.start, self.end, "America/Santiago")
                label = dates.zone_label("America/Santiago", self.start)
            self.assertIn("18:00–20:00", span)
            self.assertFalse({dates.LRI, dates.FSI, dates.PDI} & set(span + label))
