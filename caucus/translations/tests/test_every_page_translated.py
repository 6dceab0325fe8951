"""Every page kind, in each of the interface's languages, shows no English string its catalog
translates (issue "Languages": a string made outside gettext, or gettext run at import time,
shows up here as English on a Greek or Arabic page).

For each catalog (locale/<lang>/LC_MESSAGES/django.mo), the candidates are its messages whose
translation differs from the English, without placeholders. A representative page of each
kind is rendered in that language, anonymous and signed in; none of the candidates may be a
whole piece of its visible text: a text node, a form label (without the colon Django adds),
or a label the reader sees (alt, title, aria-label, placeholder, value of buttons). A
translation that is itself another English message (pt_BR "Calendar" → "Agenda") is not one.
Whole pieces, not substrings: a message added since the catalog was last updated ("Manage
signatures: {title}") is not yet translated and must not be mistaken for an older one it
contains. (Words glued to variables are test_whole_sentences' concern.)
About 55 pages × 7 languages: some seconds.
"""

import gettext
import html
import re
from datetime import date
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils import translation
from django.utils.formats import date_format

from caucus.campaigns.tests.helpers import make_campaign, make_event
from caucus.solidarity.models import Case, TimelineEntry
from caucus.statements import services as statements
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase
from caucus.topics.models import Topic
from caucus.translations.tests.helpers import greek_texts

MIN_LENGTH = 4  # shorter ones ("RSS", "OK") are the same in every language or are names
# Messages given a context in code since the catalogs were last made: the page shows the
# English until the catalog has the new entry; then the exception lapses by itself.
CONTEXT_ADDED = {"March": "kind of local action"}
PLACEHOLDER = re.compile(r"%\(|%s|%d|\{")
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
SHOWN_ATTRIBUTE = re.compile(r'\s(?:alt|title|aria-label|placeholder)="([^"]*)"')
BUTTON_VALUE = re.compile(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
LABEL = re.compile(r"<label\b[^>]*>(.*?)</label>", re.DOTALL)


@cache
def untranslated_english(language: str) -> frozenset[str]:
    """The English messages the catalog of `language` translates into something else."""
    folder = language.replace("-br", "_BR")
    path = Path(settings.BASE_DIR) / "locale" / folder / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    translations = set(catalog.values())
    pending = {m for m, ctx in CONTEXT_ADDED.items() if f"{ctx}\x04{m}" not in catalog}
    return frozenset(
        msgid
        for msgid, msgstr in catalog.items()
        if isinstance(msgid, str)
        and len(msgid) > MIN_LENGTH
        and msgstr
        and msgstr != msgid
        and not PLACEHOLDER.search(msgid)
        and "\n" not in msgid
        and "<" not in msgid
        and msgid not in translations
        and msgid not in pending
    )


def visible_pieces(page: str) -> set[str]:
    """What a reader sees, piece by piece: each text between tags, each form label without
    its colon, and the labels of images, links and fields; spaces collapsed."""
    body = SCRIPT.sub(" ", page)
    labels = [TAG.sub("", label).strip().removesuffix(":") for label in LABEL.findall(body)]
    pieces = [
        *TAG.split(body),
        *labels,
        *SHOWN_ATTRIBUTE.findall(body),
        *BUTTON_VALUE.findall(body),
    ]
    shown = (" ".join(html.unescape(piece).split()) for piece in pieces)
    return {piece for piece in shown if piece}


def english_left(page: str, language: str) -> list[str]:
    return sorted(visible_pieces(page) & untranslated_english(language))


LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


class EveryPageTranslatedTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition.is_public = True
        cls.coalition.member_list = "public"
        cls.coalition.save()
        Topic.objects.create(slug="labour", name="Labour")
        statement = cls.make_coalition_draft(topics=["labour"])
        statements.statement_publish(statement=statement, actor=cls.coordinator)
        cls.draft = cls.make_org_draft()
        cls.statement = statement
        cls.campaign = make_campaign(cls.coalition, actor=cls.coordinator)
        cls.event = make_event(cls.campaign, cls.alpha)
        from caucus.campaigns.translatable import CAMPAIGN
        from caucus.translations import services

        services.translation_save(
            translatable=CAMPAIGN,
            source=cls.campaign,
            actor=cls.coordinator,
            language="el",
            texts=greek_texts(cls.campaign),
        )
        cls.case = Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="open-case",
            display_name="Mehmet Demir",
            country="AR",
            summary="A docker charged for a strike.",
            published_at=cls.statement.published_at,
        )
        TimelineEntry.objects.create(
            case=cls.case, kind="charge", date=date(2025, 1, 1), note="Charged."
        )

    def public_pages(self) -> list[str]:
        s, c, e = self.statement.slug, self.campaign.slug, self.event.uid
        return [
            "/",
            "/latest/",
            "/topics/",
            "/topics/labour/",
            "/regions/",
            "/regions/tr/",
            "/search/?q=declaration",
            "/search/?q=nothingatall",
            "/statements/",
            f"/s/{s}/",
            f"/s/{s}/print/",
            f"/s/{s}/embed/",
            f"/s/{s}/versions/",
            f"/s/{s}/signatures/",
            f"/campaigns/{c}/",
            f"/campaigns/{c}/calendar/",
            f"/campaigns/{c}/calendar/?view=month",
            f"/campaigns/{c}/map/",
            f"/campaigns/{c}/near/",
            f"/campaigns/{c}/host/",
            f"/events/{e}/",
            "/cases/",
            f"/cases/{self.case.slug}/",
            f"/cases/{self.case.slug}/print/",
            "/o/alpha/",
            "/c/united/",
            "/accounts/login/",
            "/verify/",
            "/no-such-page/",
        ]

    def signed_in_pages(self) -> list[str]:
        s, c, k = self.statement.slug, self.campaign.slug, self.case.slug
        return [
            "/dashboard/",
            "/orgs/alpha/",
            "/orgs/alpha/edit/",
            "/orgs/alpha/invite/",
            "/orgs/alpha/audit/",
            "/coalitions/united/",
            "/coalitions/united/edit/",
            "/coalitions/united/platform/",
            "/coalitions/united/audit/",
            f"/s/{s}/workspace/",
            f"/s/{self.draft.slug}/workspace/",
            f"/s/{s}/signatures/manage/",
            f"/s/{s}/translations/",
            f"/s/{s}/translations/new/",
            f"/campaigns/{c}/edit/",
            f"/campaigns/{c}/translations/",
            f"/campaigns/{c}/translations/el/",
            f"/campaigns/{c}/hosts/",
            f"/campaigns/{c}/register/alpha/",
            "/coalitions/united/cases/",
            f"/coalitions/united/cases/{k}/",
            f"/coalitions/united/cases/{k}/edit/",
            f"/coalitions/united/cases/{k}/translations/new/",
            "/coalitions/united/meetings/",
            "/coalitions/united/motions/",
            "/coalitions/united/actions/",
            "/api/tokens/",
        ]

    def check_pages(self, language: str, pages: list[str]) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in pages:
            with self.subTest(language=language, url=url):
                django_cache.clear()
                response = self.client.get(url)
                self.assertLess(response.status_code, 500, url)
                if response.get("Content-Type", "").startswith("text/html"):
                    page = response.content.decode()
                    self.assertIn(f'lang="{language}"', page[:400])
                    self.assertEqual(english_left(page, language), [], url)

    def test_each_language_has_catalog_entries_to_look_for(self):
        for language in LANGUAGES:
            self.assertGreater(len(untranslated_english(language)), 300, language)

    def test_public_pages(self):
        for language in LANGUAGES:
            self.check_pages(language, self.public_pages())

    def test_pages_of_people_who_act(self):
        self.client.force_login(self.coordinator)
        for language in LANGUAGES:
            self.check_pages(language, self.signed_in_pages())


def django_month(language: str) -> str:
    """Django's own name of the month of March in `language` (its catalog alone)."""
    folder = language.replace("-br", "_BR")
    path = Path(django.__file__).parent / "conf" / "locale" / folder / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle).gettext("March")


def our_catalog(language: str) -> dict:
    folder = language.replace("-br", "_BR")
    path = Path(settings.BASE_DIR) / "locale" / folder / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]


class AmbiguousWordsTestCase(BaseTestCase):
    def test_the_month_of_march_is_not_a_march(self):
        """Our catalog comes before Django's: the kind of action "March" has a context, so
        dates keep Django's month. Until the catalogs are made again after that change, the
        plain "March" (the kind) is still compiled in and the check waits for it."""
        for language in LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                if "March" in our_catalog(language):
                    self.skipTest("catalogs not yet made again since EventKind got a context")
                self.assertEqual(date_format(date(2031, 3, 4), "F"), django_month(language))
