"""The terms of the public sign-on: a signature goal and a closing time, set by the drafters in
the details form and the API, the closing time read on the clock of a zone and stored in UTC;
after it, signing closes with a clear message on the page, the form and the API."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.api.tests.helpers import ApiTestCase
from caucus.api.tests.test_fuzz import FUZZ
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import SIGNER
from caucus.statements.models import Statement
from caucus.statements.tests.helpers import StatementFixtures
from caucus.statements.tests.test_page_cache import clock_at
from caucus.test import BaseTestCase, on_test_day

ISTANBUL = ZoneInfo("Europe/Istanbul")
NEXT_YEAR = timezone.now().year + 1


def details(**terms) -> dict:
    return {"language": "en", "dateline_date": "2026-01-01", **terms}


@on_test_day
class SigningTermsFormTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.url = f"/s/{cls.statement.slug}/details/"

    def setUp(self):
        self.client.force_login(self.coordinator)

    def test_it_saves_a_goal_and_a_closing_time_read_in_its_zone(self):
        local = f"{NEXT_YEAR}-03-01T18:30"
        data = details(
            signature_goal="5000", signing_deadline=local, signing_deadline_zone=ISTANBUL.key
        )
        response = self.client.post(self.url, data)
        self.assertRedirects(response, f"/s/{self.statement.slug}/draft/")
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.signature_goal, 5000)
        expected = dt.datetime(NEXT_YEAR, 3, 1, 18, 30, tzinfo=ISTANBUL).astimezone(dt.UTC)
        self.assertEqual(self.statement.signing_deadline, expected)
        self.assertEqual(self.statement.signing_deadline_zone, ISTANBUL.key)
        # The form shows it again on the zone's clock.
        form = self.client.get(self.url).content.decode()
        self.assertIn(f'value="{local}"', form)

    def test_it_refuses_bad_terms_field_by_field_and_changes_nothing(self):
        past = f"{timezone.now().year - 1}-01-01T12:00"
        cases = {
            "signature_goal": ["0", "-5", "abc", "1.5", "99999999999"],
            "signing_deadline": [past, "tomorrow", "2026-13-40T99:99"],
        }
        for field, values in cases.items():
            for value in values:
                with self.subTest(field=field, value=value):
                    response = self.client.post(self.url, details(**{field: value}))
                    self.assertEqual(response.status_code, 400)
                    self.assertTrue(response.context["form"].has_error(field))
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signature_goal)
        self.assertIsNone(self.statement.signing_deadline)

    def test_a_time_the_clocks_skip_is_refused_with_the_real_times(self):
        # 2027-03-28 02:30 does not exist in Berlin (the clocks jump from 02:00 to 03:00).
        data = details(signing_deadline="2027-03-28T02:30", signing_deadline_zone="Europe/Berlin")
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("does not exist", str(response.context["form"].errors["signing_deadline"]))

    def test_a_time_that_happens_twice_is_asked_about_then_taken(self):
        # 2027-10-31 02:30 happens twice in Berlin: at UTC+02:00, then again at UTC+01:00.
        data = details(signing_deadline="2027-10-31T02:30", signing_deadline_zone="Europe/Berlin")
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 400)
        error = str(response.context["form"].errors["signing_deadline"])
        self.assertIn("happens twice", error)
        self.assertIn("(UTC+02:00) or the second (UTC+01:00)", error)
        self.assertContains(response, 'name="signing_deadline_fold"', status_code=400)
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signing_deadline)
        response = self.client.post(self.url, data | {"signing_deadline_fold": "1"})
        self.assertRedirects(response, f"/s/{self.statement.slug}/draft/")
        self.statement.refresh_from_db()
        second = dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)
        self.assertEqual(self.statement.signing_deadline, second)
        # The form shows it again as the second 02:30, so saving it unchanged keeps it.
        form = self.client.get(self.url).content.decode()
        self.assertIn('value="2027-10-31T02:30"', form)
        self.assertIn('<option value="1" selected>', form)

    def test_a_closing_time_that_has_passed_may_stay_while_other_details_change(self):
        passed = (timezone.now() - dt.timedelta(days=1)).replace(second=0, microsecond=0)
        Statement.objects.filter(pk=self.statement.pk).update(signing_deadline=passed)
        kept = passed.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(self.url, details(signing_deadline=kept, teaser="New teaser"))
        self.assertEqual(response.status_code, 302)
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.teaser, "New teaser")
        self.assertEqual(self.statement.signing_deadline, passed)
        # Moving it to another time that has passed is refused.
        earlier = (passed - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(self.url, details(signing_deadline=earlier))
        self.assertEqual(response.status_code, 400)

    def test_an_empty_field_removes_the_goal_and_the_closing_time(self):
        Statement.objects.filter(pk=self.statement.pk).update(
            signature_goal=10, signing_deadline=timezone.now() + dt.timedelta(days=3)
        )
        self.client.post(self.url, details(signature_goal="", signing_deadline=""))
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signature_goal)
        self.assertIsNone(self.statement.signing_deadline)


@on_test_day
class SigningTermsApiTestCase(StatementFixtures, ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.path = f"/api/v1/statements/{cls.statement.slug}"

    def patch(self, body: dict, role: str = "coordinator"):
        return self.as_(role, "token").patch(
            self.path, data=json.dumps(body), content_type="application/json"
        )

    def test_drafters_set_and_remove_the_terms(self):
        body = {
            "signature_goal": 2500,
            "signing_deadline": f"{NEXT_YEAR}-06-30T23:59",
            "signing_deadline_zone": "America/Santiago",
        }
        response = self.patch(body)
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["signature_goal"], 2500)
        self.assertEqual(data["signing_deadline_zone"], "America/Santiago")
        expected = dt.datetime(NEXT_YEAR, 6, 30, 23, 59, tzinfo=ZoneInfo("America/Santiago"))
        self.assertEqual(dt.datetime.fromisoformat(data["signing_deadline"]), expected)
        self.assertFalse(data["signing_closed"])
        public = self.client.get(self.path).json()
        self.assertEqual(public["signature_goal"], 2500)
        response = self.patch({"signature_goal": None, "signing_deadline": None})
        self.assertEqual(response.status_code, 200, response.content)
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signature_goal)
        self.assertIsNone(self.statement.signing_deadline)

    def test_bad_terms_are_refused_by_field(self):
        past = f"{timezone.now().year - 1}-01-01T12:00"
        cases = [
            ("signature_goal", 0),
            ("signature_goal", -1),
            ("signature_goal", "many"),
            ("signature_goal", 3_000_000_000),
            ("signing_deadline", past),
            ("signing_deadline", "soon"),
            ("signing_deadline_zone", "Mars/Olympus"),
        ]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                body = {field: value}
                if field == "signing_deadline_zone":  # a zone is read with a closing time
                    body["signing_deadline"] = f"{NEXT_YEAR}-01-01T12:00"
                response = self.patch(body)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn(field, response.content.decode())
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signature_goal)
        self.assertIsNone(self.statement.signing_deadline)

    def test_others_cannot_set_the_terms(self):
        for role in ("anonymous", "outsider", "delegate", "org_admin"):
            with self.subTest(role=role):
                self.assertIn(self.patch({"signature_goal": 7}, role).status_code, (401, 403))
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signature_goal)


@on_test_day
class SigningTermsFuzzTestCase(StatementFixtures, ApiTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()

    @FUZZ  # no deadline per example: a loaded machine must not fail it
    @given(
        goal=st.one_of(st.integers(), st.text(max_size=12), st.floats(), st.none()),
        deadline=st.one_of(st.text(max_size=30), st.integers(), st.none()),
    )
    def test_arbitrary_terms_never_break_the_api(self, goal, deadline):
        body = json.dumps({"signature_goal": goal, "signing_deadline": deadline})
        response = self.as_("coordinator", "token").patch(
            f"/api/v1/statements/{self.statement.slug}", data=body, content_type="application/json"
        )
        self.assertIn(response.status_code, (200, 422), response.content)
        if response.status_code == 422:
            self.statement.refresh_from_db()
            self.assertIsNone(self.statement.signature_goal)


@on_test_day
class SigningClosesTestCase(StatementFixtures, ApiTestCase):
    """After the closing time: the page says so, the form and the API take no new signature."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.url = f"/s/{cls.statement.slug}/"

    def setUp(self):
        cache.clear()

    def close(self, *, ago=dt.timedelta(hours=1)) -> None:
        Statement.objects.filter(pk=self.statement.pk).update(
            signing_deadline=timezone.now() - ago, signing_deadline_zone="America/Bogota"
        )

    def test_the_page_says_signing_closed_and_shows_no_form(self):
        self.assertContains(self.client.get(self.url), 'name="email"')
        self.close()
        cache.clear()
        page = self.client.get(self.url)
        self.assertContains(page, "Signing closed on")
        self.assertNotContains(page, 'name="email"')
        self.assertNotContains(page, 'href="#sign"')

    def test_the_form_refuses_with_the_closing_time(self):
        self.close()
        response = self.client.post(self.url + "sign/", SIGNER)
        # An hour before the test day's 09:00 UTC, on the clock of the zone the deadline was set in
        self.assertContains(
            response,
            "Signing closed on Wed 25 November 2026, 03:00 (Bogotá time, UTC−05:00)",
            status_code=410,
        )
        self.assertFalse(Signature.objects.exists())

    def test_a_form_sent_with_htmx_gets_the_notice_in_its_place(self):
        self.close()
        response = self.client.post(self.url + "sign/", SIGNER, headers={"HX-Request": "true"})
        self.assertContains(response, "Signing closed on")  # 200: htmx swaps 2xx only
        self.assertNotContains(response, "<html")
        self.assertFalse(Signature.objects.exists())

    def test_a_cached_page_is_never_kept_past_the_closing_time(self):
        closes = timezone.now() + dt.timedelta(seconds=3)
        Statement.objects.filter(pk=self.statement.pk).update(signing_deadline=closes)
        self.assertContains(self.client.get(self.url), 'name="email"')
        with clock_at(closes + dt.timedelta(seconds=0.5)):  # within the cache's 5 seconds
            page = self.client.get(self.url)
        self.assertNotContains(page, 'name="email"')
        self.assertContains(page, "Signing closed on")

    def test_an_organization_cannot_sign_after_the_closing_time(self):
        self.close()
        response = self.as_("delegate", "token").post(
            f"/api/v1/statements/{self.statement.slug}/signatures/organizations",
            data=json.dumps({"organization": "alpha"}),
            content_type="application/json",
        )
        # Refused as a conflict with the statement's state (409, or 422 before the API named
        # conflicts apart), with the reason.
        self.assertIn(response.status_code, (409, 422), response.content)
        self.assertIn("deadline has passed", response.content.decode())
