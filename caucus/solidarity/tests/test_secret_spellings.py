"""Spellings of a protected person's name and city, generated, never reach a public channel.

Hypothesis spells the secret of "A.Y." (Ayşe Yılmaz of Gebze) in the ways readers would still
read it: any case, with or without accents, as HTML entities, decomposed (NFD), with invisible
characters, in Markdown emphasis, as hashtags, with Turkish suffixes, as URL slugs and
percent-encoded. Every public field refuses each spelling, through the services that the web,
the API and commands share; and where one is stored anyway (text from before the rule, or
before protection), no public channel shows it: pages, print, RSS/Atom, iCal, sitemaps, search,
the API, Open Graph tags and followers' emails, for anonymous readers and for members of the
case's organization who are not coordinators.
"""

import html
import re
import unicodedata
from urllib.parse import quote, unquote

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.solidarity import services
from caucus.solidarity.models import CancelledHearing, Case, CaseLink, Follower, TimelineEntry
from caucus.solidarity.secrecy import REFUSAL
from caucus.solidarity.tasks import notify_followers
from caucus.solidarity.tests.base import CITY, FULL_NAME, CaseTestCase

SECRET_WORDS = ("ayse", "yilmaz", "gebze")


def ascii_spelling(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in text if not unicodedata.combining(c))


def as_entities(text: str, data) -> str:
    form = data.draw(st.sampled_from(["&#{};", "&#x{:x};"]))
    return "".join(form.format(ord(c)) if ord(c) > 127 or c in "aeiy" else c for c in text)


WRAPS = [
    "{}",
    "_{}_",
    "*{}*",
    "**{}**",
    "`{}`",
    "#Free{}",
    "#{}",
    "{}'ın",
    "{}nın",
    "{}ların",
    "{}'den",
    "[{}](/cases/)",
]


@st.composite
def spellings(draw) -> str:
    """One way to write a part of the secret that a reader would still recognize."""
    text = draw(st.sampled_from([FULL_NAME, "Ayşe", "Yılmaz", CITY, f"{FULL_NAME} {CITY}"]))
    text = draw(st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase]))(text)
    if draw(st.booleans()):
        text = ascii_spelling(text)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    if draw(st.booleans()):
        cut = draw(st.integers(1, len(text) - 1))
        text = text[:cut] + draw(st.sampled_from(["\u200b", "\u00ad", "\u2060"])) + text[cut:]
    style = draw(st.sampled_from(["plain", "entities", "wrapped", "slug", "percent"]))
    if style == "entities":
        text = as_entities(text, draw(st.data()))
    elif style == "wrapped":
        text = draw(st.sampled_from(WRAPS)).format(text.replace(" ", ""))
    elif style == "slug":
        slug = re.sub(r"\W+", draw(st.sampled_from("-_/.")), ascii_spelling(text).lower())
        text = f"https://news.example/tr/{slug}-tutuklandi"
    elif style == "percent":
        text = f"https://appeals.example/{quote(text)}"
    return text


def folded(text: str) -> str:
    """The test's own folding (not the app's): what a reader would read, in plain ASCII."""
    for _round in range(3):
        text = unquote(html.unescape(text))
    text = unicodedata.normalize("NFKD", text.casefold()).replace("ı", "i")
    return "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf"))


def shows_secret(text: str) -> bool:
    plain = folded(text)
    stripped = folded(re.sub(r"<[^>]*>", "", text))
    return any(word in plain or word in stripped for word in SECRET_WORDS)


class RefusedEverywhereTestCase(CaseTestCase, HypothesisTestCase):
    """Every public field refuses every spelling, with the same sentence, naming the field."""

    def assert_refused(self, field: str, call) -> None:
        with self.assertRaises(ValidationError) as caught:
            call()
        self.assertEqual(caught.exception.message_dict, {field: [str(REFUSAL)]})

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(secret=spellings())
    def test_every_public_field_refuses_every_spelling(self, secret):
        case, actor = Case.objects.get(pk=self.protected.pk), self.coordinator
        before = (case.display_name, case.summary, case.entries.count(), case.links.count())
        for field in ("display_name", "summary"):
            case = Case.objects.get(pk=self.protected.pk)
            setattr(case, field, f"Text: {secret}" if field == "summary" else secret)
            self.assert_refused(
                field,
                lambda c=case, f=field: services.case_update(case=c, actor=actor, changed=[f]),
            )
        for field in ("note", "place", "source_url"):
            self.assert_refused(
                field,
                lambda f=field: services.entry_add(
                    case=self.protected, actor=actor, kind="update", date=None, **{f: secret}
                ),
            )
        for field in ("title", "url", "call_to_action"):
            link = {"title": "Appeal", "url": "https://appeals.example/free", field: secret}
            self.assert_refused(
                field,
                lambda link=link: services.link_add(
                    case=self.protected, actor=actor, kind="appeal", **link
                ),
            )
        case = Case.objects.get(pk=self.protected.pk)
        after = (case.display_name, case.summary, case.entries.count(), case.links.count())
        self.assertEqual(after, before)


class NoPublicChannelShowsItTestCase(CaseTestCase, HypothesisTestCase):
    """Stored anyway (before the rule or before protection), a spelling is withheld whole."""

    def channels(self, secret: str) -> list[str]:
        words = " ".join(re.findall(r"\w+", folded(secret)))[:100] or "x"
        return [
            "/cases/",
            "/cases/a-y/",
            "/cases/a-y/print/",
            "/cases/a-y/feed/rss/",
            "/cases/a-y/feed/atom/",
            "/cases/calendar/united.ics",
            "/c/united/",
            "/latest/rss/",
            "/sitemap.xml",
            "/sitemap-items.xml",
            f"/search/?q={quote(words)}",
            "/api/v1/cases",
            "/api/v1/cases/a-y",
            "/api/v1/coalitions/united/hearings",
        ]

    def store_anyway(self, secret: str) -> TimelineEntry:
        case = Case.objects.get(pk=self.protected.pk)
        case.summary = f"Detained. {secret}"
        case.save()  # republishes the search index as it would be rebuilt
        entry = TimelineEntry.objects.create(
            case=case,
            kind="update",
            date=self.arrest.date,
            place=secret,
            note=f"News: {secret}",
            source_url=secret if secret.startswith("https://") else "",
        )
        TimelineEntry.objects.filter(pk=self.hearing.pk).update(place=secret)
        CaseLink.objects.create(case=case, kind="appeal", title=secret, url="/c/united/")
        CaseLink.objects.create(case=case, kind="appeal", title="Appeal", url=f"/s/{secret}/")
        CaseLink.objects.create(
            case=case, kind="appeal", title="Appeal", url="/c/united/", call_to_action=secret
        )
        CancelledHearing.objects.create(
            case=case,
            uid=f"x-{entry.pk}",
            sequence=1,
            starts_at=self.hearing.starts_at,
            time_zone="Europe/Istanbul",
            place=secret,
        )
        return entry

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(secret=spellings())
    def test_no_channel_shows_a_stored_spelling(self, secret):
        cache.clear()  # sitemaps are cached for ten minutes
        mail.outbox.clear()
        Follower.objects.create(case=self.protected, email="fan@example.net", state="confirmed")
        entry = self.store_anyway(secret)
        notify_followers.call(entry.pk)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        for part in (message.subject, message.body, message.alternatives[0][0]):
            self.assertFalse(shows_secret(part), f"email: {part}")
        members = {None: [], self.org_admin: [], self.editor: []}
        for who in members:
            self.client.logout()
            if who is not None:
                self.client.force_login(who)
                members[who] = [
                    "/coalitions/united/cases/a-y/",
                    "/api/v1/coalitions/united/cases/a-y/record",
                ]
            for url in self.channels(secret) + members[who]:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                text = response.content.decode()
                if url.startswith("/search/"):  # the page repeats the words asked for
                    text = text.partition('role="status"')[2]
                self.assertFalse(shows_secret(text), f"{url} as {who}")
        page = self.client.get("/cases/a-y/").content.decode()
        self.assertIn('property="og:title" content="A.Y."', page)
