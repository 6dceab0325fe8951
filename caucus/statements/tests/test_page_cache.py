"""The anonymous statement page comes from a short-lived cache, and is never out of date after
a change by the drafters (issue 4, Performance: "serve the public page from a short-lived cache").
"""

import datetime as dt

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from caucus.signatures import services as signature_services
from caucus.signatures.cache import forget_block_soon
from caucus.statements import services
from caucus.statements.cache import CSRF_MARKER
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase


class StatementPageCacheTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.url = f"/s/{cls.statement.slug}/"

    def setUp(self):
        cache.clear()

    def test_a_second_anonymous_reader_costs_no_query(self):
        self.client.get(self.url)
        with self.assertNumQueries(0):
            page = self.client.get(self.url)
        self.assertContains(page, '<h1 lang="en" dir="ltr">Joint declaration</h1>', html=False)

    def test_every_anonymous_reader_gets_the_same_page_and_no_csrf_cookie(self):
        first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        one, two = first.get(self.url), second.get(self.url)
        self.assertEqual(one.content, two.content)
        self.assertNotIn(CSRF_MARKER, one.content.decode())
        self.assertNotIn("csrfmiddlewaretoken", one.content.decode())
        self.assertNotIn(settings.CSRF_COOKIE_NAME, two.cookies)
        # The header's language switch needs no token and brings the reader back.
        response = second.get("/i18n/language/", {"language": "es", "next": self.url})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(response.cookies[settings.LANGUAGE_COOKIE_NAME].value, "es")

    def test_a_translation_shows_at_once(self):
        self.assertNotContains(
            self.client.get(self.url, headers={"accept-language": "es"}), "Declaración"
        )
        services.translation_save(
            statement=self.statement,
            actor=self.coordinator,
            language="es",
            title="Declaración conjunta",
            body="Texto.",
        )
        page = self.client.get(self.url, headers={"accept-language": "es"})
        self.assertContains(page, "Declaración conjunta")
        self.assertNotContains(self.client.get(self.url), "Declaración conjunta")

    def test_a_revision_and_a_withdrawal_show_at_once(self):
        self.client.get(self.url)
        services.version_create(
            statement=self.statement, actor=self.coordinator, title="Revised title", body="New."
        )
        services.statement_publish(statement=self.statement, actor=self.coordinator)
        self.assertContains(self.client.get(self.url), "Revised title")
        services.statement_withdraw(
            statement=self.statement, actor=self.coordinator, reason="Superseded"
        )
        self.assertContains(self.client.get(self.url), "Superseded")

    def test_a_confirmed_signature_shows_at_once(self):
        self.assertContains(self.client.get(self.url), "<strong>0</strong> people have signed")
        signature, _created = signature_services.individual_sign(
            statement=self.statement, name="Ana Visible", email="ana@example.org", show_name=True
        )
        signature_services.individual_confirm(signature=signature)
        forget_block_soon(self.statement)  # what the confirmation view does
        page = self.client.get(self.url)
        self.assertContains(page, "Ana Visible")
        self.assertContains(page, "<strong>1</strong> person has signed")

    def test_signed_in_people_get_a_fresh_page(self):
        self.client.get(self.url)
        self.client.force_login(self.delegate)
        page = self.client.get(self.url)
        self.assertContains(page, "Drafting page")
        self.assertNotIn(CSRF_MARKER, page.content.decode())

    def test_a_draft_is_never_cached(self):
        draft = self.make_coalition_draft(title="Private draft")
        self.assertEqual(self.client.get(f"/s/{draft.slug}/").status_code, 404)
        services.statement_publish(statement=draft, actor=self.coordinator)
        self.assertContains(self.client.get(f"/s/{draft.slug}/"), "Private draft")


def clock_at(moment: dt.datetime):
    """Stop the clock at `moment`: the one the domain reads (timezone.now) and the one the
    cache expires by (time.time) alike."""
    return time_machine.travel(moment, tick=False)


class ScheduledChangeCacheTestCase(StatementFixtures, BaseTestCase):
    """A scheduled revision or publication reaches anonymous readers at its time, never up to
    STATEMENT_PAGE_CACHE_SECONDS late: no copy outlives the next scheduled change."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.url = f"/s/{cls.statement.slug}/"

    def setUp(self):
        cache.clear()

    def schedule_revision(self, seconds: float) -> dt.datetime:
        services.version_create(
            statement=self.statement, actor=self.coordinator, title="Revised title", body="New."
        )
        when = timezone.now() + dt.timedelta(seconds=seconds)
        services.statement_publish(
            statement=self.statement, actor=self.coordinator, published_at=when
        )
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.scheduled_at, when)
        return when

    def heading(self, path: str) -> str:
        html = self.client.get(path).content.decode()
        return html.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]

    def check_revision_shows_at_its_time(self, path: str) -> None:
        when = self.schedule_revision(3)
        self.assertEqual(self.heading(path), "Joint declaration")
        # Well within the cache's 5 seconds, but after the revision's time.
        with clock_at(when + dt.timedelta(seconds=0.5)):
            self.assertEqual(self.heading(path), "Revised title")
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.published_version.title, "Revised title")

    def test_a_scheduled_revision_shows_at_its_time(self):
        self.check_revision_shows_at_its_time(self.url)

    def test_a_scheduled_revision_shows_at_its_time_in_print(self):
        self.check_revision_shows_at_its_time(self.url + "print/")

    def test_the_page_is_still_cached_until_then(self):
        when = self.schedule_revision(4)
        self.client.get(self.url)
        with clock_at(when - dt.timedelta(seconds=2.5)), self.assertNumQueries(0):
            self.assertNotContains(self.client.get(self.url), "Revised title")

    def test_a_page_less_than_a_second_before_the_change_is_not_kept(self):
        when = self.schedule_revision(3)
        with clock_at(when - dt.timedelta(seconds=0.5)):
            self.client.get(self.url)
            self.assertEqual(_cached_pages(self.statement.slug), [])
        self.client.get(self.url)  # now three seconds ahead: kept (for two seconds)
        self.assertEqual(len(_cached_pages(self.statement.slug)), 1)

    def test_a_scheduled_publication_shows_at_its_time(self):
        draft = self.make_coalition_draft(title="Coming soon")
        when = timezone.now() + dt.timedelta(seconds=3)
        services.statement_publish(statement=draft, actor=self.coordinator, published_at=when)
        self.assertEqual(self.client.get(f"/s/{draft.slug}/").status_code, 404)
        with clock_at(when + dt.timedelta(seconds=0.5)):
            self.assertContains(self.client.get(f"/s/{draft.slug}/"), "Coming soon")


def _cached_pages(slug: str) -> list[str]:
    """The keys of the statement's cached pages (the tests' local-memory cache)."""
    return [key for key in cache._cache if f"stmt-page:detail:{slug}:" in key]
