"""Every kind of email: subjects and text bodies are plain text (never HTML-escaped), the HTML
body escapes what it shows and says its language and direction (ux review #6: a subject read
"workers&#x27; rights")."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation

from caucus.accounts.emails import render_email

TRICKY = "Workers' rights & <Solidarity>"
# Values the templates need of a kind: a zone for {% timezone %}, times, counts for plurals.
WHEN = dt.datetime(2026, 12, 20, 18, 30, tzinfo=dt.UTC)
KNOWN = {"time_zone": "UTC", "days": 7, "date": WHEN, "expires": WHEN}
KNOWN.update(starts_at=WHEN, ends_at=WHEN, was_starts_at=WHEN)
# Already sanitized HTML (Markdown rendered through nh3), which the template marks safe.
KNOWN["public_note"] = "<p>A note.</p>"
LITERALS = {"True", "False", "None"}


class Anything:
    """Any attribute, item, call or loop of it gives another; printed, it is TRICKY."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return KNOWN.get(name, Anything())

    def __getitem__(self, key):
        return KNOWN.get(key, Anything())

    def __call__(self):
        return self

    def __iter__(self):
        return iter([Anything()])

    def __contains__(self, item) -> bool:
        return True

    def __str__(self) -> str:
        return TRICKY


class AnyContext(dict):
    """A template context in which every name is defined (Context reads the dict it is given)."""

    def __contains__(self, key) -> bool:
        return key not in LITERALS

    def __missing__(self, key):
        return KNOWN.get(key, Anything())


def kinds() -> list[str]:
    folder = Path(settings.BASE_DIR) / "templates" / "emails"
    return sorted(p.name.removesuffix("-subject.html") for p in folder.glob("*-subject.html"))


class EveryEmailKindTestCase(SimpleTestCase):
    def test_there_are_kinds_to_check(self):
        self.assertGreaterEqual(len(kinds()), 18)

    def test_subjects_and_text_bodies_are_plain_text(self):
        for name in kinds():
            with self.subTest(email=name), translation.override("en"):
                subject, text, _html = render_email(name, AnyContext())
                self.assertIn(TRICKY, subject)
                self.assertIn(TRICKY, text)
                for escaped in ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;"):
                    self.assertNotIn(escaped, subject)
                    self.assertNotIn(escaped, text)

    def test_html_bodies_escape_and_say_their_language_and_direction(self):
        for language, direction in (("en", "ltr"), ("ar", "rtl"), ("es", "ltr")):
            for name in kinds():
                with self.subTest(email=name, language=language), translation.override(language):
                    html = render_email(name, AnyContext())[2]
                    self.assertIn(f'<html lang="{language}" dir="{direction}">', html)
                    self.assertNotIn("<Solidarity>", html)
                    self.assertIn("&lt;Solidarity&gt;", html)
