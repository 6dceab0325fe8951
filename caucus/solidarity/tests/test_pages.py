"""Public case pages: the list by country, a case, its print view, feeds, the coalition page."""

from pathlib import Path

import feedparser
from django.conf import settings

from caucus.solidarity.models import Case, CaseLink
from caucus.solidarity.tests.base import CaseTestCase
from caucus.solidarity.translatable import CASE
from caucus.statements.models import Statement
from caucus.translations.services import translation_save


class CaseListTestCase(CaseTestCase):
    def test_it_lists_public_cases_by_country_with_status(self):
        response = self.client.get("/cases/")
        self.assertContains(response, "Argentina")
        self.assertContains(response, "Mehmet Demir")
        self.assertContains(response, "Charged")
        self.assertNotContains(response, "Draft Person")

    def test_it_needs_few_queries(self):
        for n in range(20):
            Case.objects.create(
                coalition=self.coalition,
                slug=f"c{n}",
                display_name=f"C{n}",
                country="PE",
                published_at=self.protected.published_at,
            )
        with self.assertNumQueries(1):
            self.client.get("/cases/")

    def test_a_private_coalitions_cases_are_not_public(self):
        self.coalition.is_public = False
        self.coalition.save()
        self.assertNotContains(self.client.get("/cases/"), "Mehmet Demir")
        self.assertEqual(self.client.get("/cases/mehmet-demir/").status_code, 404)


class CasePageTestCase(CaseTestCase):
    def test_it_shows_the_case_timeline_and_hearing_time(self):
        response = self.client.get("/cases/a-y/")
        self.assertContains(response, "A.Y.")
        self.assertContains(response, ", 09:30</time>")  # the court's clock
        self.assertContains(response, "(Istanbul time, UTC+03:00)")
        # The page is shared by every reader: when.js writes their time from the moment in UTC.
        year = self.hearing.starts_at.year
        self.assertContains(
            response, f'class="reader-time" hidden data-utc="{year}-03-10T06:30:00Z"'
        )
        self.assertContains(response, "Vigil outside the court")
        self.assertContains(response, 'rel="canonical"')

    def test_its_canonical_address_is_on_site_url_whatever_host_was_asked(self):
        with self.settings(SITE_URL="https://caucus.example", ALLOWED_HOSTS=["*"]):
            response = self.client.get("/cases/a-y/", HTTP_HOST="mirror.example")
        self.assertContains(
            response, '<link rel="canonical" href="https://caucus.example/cases/a-y/">'
        )
        self.assertContains(response, '"og:url" content="https://caucus.example/cases/a-y/"')
        self.assertNotContains(response, 'href="http://mirror.example/cases/a-y/" rel')
        self.assertNotContains(response, 'rel="canonical" href="http://mirror.example')

    def test_a_draft_is_not_found(self):
        self.assertEqual(self.client.get("/cases/draft-person/").status_code, 404)
        self.assertEqual(self.client.get("/cases/draft-person/feed/rss/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/cases/draft-person").status_code, 404)

    def test_it_shows_links_with_calls_to_action_and_hides_private_statements(self):
        draft = Statement.objects.create(
            slug="secret-draft", author_coalition=self.coalition, language="en"
        )
        CaseLink.objects.create(case=self.protected, kind="statement", statement=draft)
        CaseLink.objects.create(
            case=self.protected,
            kind="appeal",
            title="Free A.Y. petition",
            url="https://example.org/appeal",
            call_to_action="Sign the appeal",
        )
        response = self.client.get("/cases/a-y/")
        self.assertContains(response, "Sign the appeal")
        self.assertNotContains(response, "secret-draft")

    def test_the_print_view_has_the_print_stylesheet(self):
        response = self.client.get("/cases/a-y/print/")
        self.assertContains(response, "solidarity/case.css")
        self.assertContains(response, f"Printed from <bdi>{settings.SITE_URL}/cases/a-y/</bdi>")

    def test_the_feeds(self):
        rss = self.client.get("/cases/a-y/feed/rss/")
        self.assertEqual(rss["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertContains(rss, "Hearing: A.Y.")
        self.assertContains(rss, "<title>Arrest: A.Y. (2 November 2025)</title>")
        atom = self.client.get("/cases/a-y/feed/atom/")
        self.assertContains(atom, "<feed")

    def test_the_atom_feed_links_the_case_and_its_entries_in_each_language(self):
        translated = self.open_case.entries.create(
            kind="charge", date="2025-01-01", note="Charged."
        )
        translation_save(
            translatable=CASE,
            source=self.open_case,
            actor=self.coordinator,
            language="es",
            texts={
                "summary": "Un estibador acusado.",
                **{f"entries.{e.pk}": "Acusado." for e in self.open_case.entries.all()},
            },
        )
        # Added since: the translation does not have it yet.
        untranslated = self.open_case.entries.create(kind="other", date="2025-02-01", note="Moved.")
        url = f"{settings.SITE_URL}/cases/mehmet-demir/"
        feed = feedparser.parse(self.client.get("/cases/mehmet-demir/feed/atom/?lang=es").content)
        self.assertEqual(
            {link.hreflang: link.href for link in feed.feed.links if link.get("hreflang")},
            {"en": f"{url}?lang=en", "es": f"{url}?lang=es"},
        )
        entries = {entry.id: entry for entry in feed.entries}
        first = entries[f"case-entry-{translated.pk}"]
        self.assertEqual(first.link, f"{url}?lang=es#entry-{translated.pk}")
        self.assertEqual(
            {link.get("hreflang"): link.href for link in first.links if link.get("hreflang")},
            {
                "en": f"{url}?lang=en#entry-{translated.pk}",
                "es": f"{url}?lang=es#entry-{translated.pk}",
            },
        )
        # A note nobody translated is in one language only: no alternates.
        second = entries[f"case-entry-{untranslated.pk}"]
        self.assertEqual([link for link in second.links if link.get("hreflang")], [])

    def test_an_open_case_shows_its_photo_and_city(self):
        self.open_case.record.photo = "cases/md.png"
        self.open_case.record.save()
        response = self.client.get("/cases/mehmet-demir/")
        self.assertContains(response, "Rosario")
        self.assertContains(
            response, f'property="og:image" content="{settings.SITE_URL}/cases/mehmet-demir/photo/"'
        )


class CoalitionPageTestCase(CaseTestCase):
    def test_it_lists_the_coalitions_public_cases_with_status(self):
        response = self.client.get("/c/united/")
        self.assertContains(response, "Solidarity cases")
        self.assertContains(response, "A.Y.")
        self.assertContains(response, "Detained")
        self.assertNotContains(response, "Draft Person")
        self.assertContains(response, "/cases/calendar/united.ics")

    def test_the_coordinators_list_has_every_case(self):
        self.client.force_login(self.coordinator)
        response = self.client.get("/coalitions/united/cases/")
        self.assertContains(response, "Draft Person")
        self.assertContains(response, "Not published")


class StatusBadgeTestCase(CaseTestCase):
    def test_every_page_shows_a_cases_status_with_the_same_badge(self):
        badge = '<span class="badge case-status case-status-detained">Detained</span>'
        pages = ["/cases/", "/c/united/", "/cases/a-y/", "/cases/a-y/print/"]
        self.client.force_login(self.coordinator)
        for url in [*pages, "/coalitions/united/cases/a-y/"]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), badge, html=True)

    def test_the_badges_colours_come_with_every_page(self):
        # The lists do not load case.css: the status colours live in the site's stylesheet.
        css = (Path(settings.BASE_DIR) / "static" / "caucus" / "site.css").read_text()
        self.assertIn(".case-status-released, .case-status-acquitted { color: var(--ok);", css)


class WorkspaceLinkTestCase(CaseTestCase):
    def test_the_cases_link_is_offered_only_to_those_it_lets_in(self):
        for user, offered in (
            (self.delegate, False),
            (self.editor, True),
            (self.coordinator, True),
        ):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                page = self.client.get("/coalitions/united/").content.decode()
                self.assertEqual("/coalitions/united/cases/" in page, offered)
                status = self.client.get("/coalitions/united/cases/").status_code
                self.assertEqual(status, 200 if offered else 403)
