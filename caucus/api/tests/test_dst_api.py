"""Local times sent to the API go through the one helper of caucus/lib/zones.py, as the web
forms' do: a time the clocks skip is refused (422, naming the field), a time that happens
twice is refused until `fold` says which, and with `fold` it is the instant meant.

The zones and dates are those of the web forms' tests: Europe/Rome for a hearing
(caucus/solidarity/tests/test_hearing_times.py), Europe/Berlin for a statement's closing time
(caucus/statements/tests/test_signing_terms.py). On 2027-03-28 both jump from 02:00 to 03:00;
on 2027-10-31 both live 02:00–03:00 twice (02:30 is 00:30 UTC, then 01:30 UTC).
"""

import datetime as dt
import json
from datetime import UTC

import time_machine

from caucus.api.tests.helpers import ApiTestCase
from caucus.solidarity.models import TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase
from caucus.statements.tests.helpers import StatementFixtures

SKIPPED, REPEATED = "2027-03-28", "2027-10-31"
READINGS = (("0", dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
            ("1", dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)))  # fmt: skip


class DstRefusals:
    """Shared by both endpoints: what a refusal of a local time looks like."""

    def assert_refused(self, response, field: str, words: str) -> None:
        self.assertEqual(response.status_code, 422, response.content)
        body = response.json()
        self.assertEqual([e["loc"] for e in body["errors"]], [["body", field]])
        self.assertIn(words, body["errors"][0]["msg"])


# The timeline refuses dates more than five years ahead: the dates above stay within them.
@time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
class TimelineTimeApiTestCase(DstRefusals, CaseTestCase):
    URL = "/api/v1/coalitions/united/cases/a-y/timeline"

    def setUp(self):
        self.client.force_login(self.coordinator)

    def post(self, **data):
        body = {"kind": "hearing", "time_zone": "Europe/Rome", **data}
        return self.client.post(self.URL, body, content_type="application/json")

    def test_a_time_the_clocks_skip_is_refused(self):
        before = TimelineEntry.objects.count()
        response = self.post(date=SKIPPED, time="02:30")
        self.assert_refused(response, "time", "does not exist")
        self.assertIn("2027-03-28 03:30 (UTC+02:00)", response.json()["detail"])
        self.assertEqual(TimelineEntry.objects.count(), before)

    def test_a_time_that_happens_twice_needs_its_fold(self):
        before = TimelineEntry.objects.count()
        self.assert_refused(self.post(date=REPEATED, time="02:30"), "time", "happens twice")
        self.assertEqual(TimelineEntry.objects.count(), before)

    def test_the_fold_picks_the_instant(self):
        for fold, instant in READINGS:
            with self.subTest(fold=fold):
                response = self.post(date=REPEATED, time="02:30", time_fold=fold)
                self.assertEqual(response.status_code, 201, response.content)
                self.assertEqual(dt.datetime.fromisoformat(response.json()["starts_at"]), instant)
                entry = TimelineEntry.objects.get(pk=response.json()["id"])
                self.assertEqual((entry.starts_at, entry.time_zone), (instant, "Europe/Rome"))

    def test_a_fold_on_a_plain_time_changes_nothing(self):
        response = self.post(date="2027-06-01", time="09:30", time_fold="1")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["starts_at"], "2027-06-01T07:30:00Z")


@time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
class SigningDeadlineApiTestCase(DstRefusals, StatementFixtures, ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        cls.path = f"/api/v1/statements/{cls.statement.slug}"

    def patch(self, **body):
        body = {"signing_deadline_zone": "Europe/Berlin", **body}
        return self.as_("coordinator", "token").patch(
            self.path, data=json.dumps(body), content_type="application/json"
        )

    def test_a_time_the_clocks_skip_is_refused(self):
        response = self.patch(signing_deadline=f"{SKIPPED}T02:30")
        self.assert_refused(response, "signing_deadline", "does not exist")
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signing_deadline)

    def test_a_time_that_happens_twice_needs_its_fold(self):
        response = self.patch(signing_deadline=f"{REPEATED}T02:30")
        self.assert_refused(response, "signing_deadline", "happens twice")
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.signing_deadline)

    def test_the_fold_picks_the_instant(self):
        for fold, instant in READINGS:
            with self.subTest(fold=fold):
                response = self.patch(
                    signing_deadline=f"{REPEATED}T02:30", signing_deadline_fold=fold
                )
                self.assertEqual(response.status_code, 200, response.content)
                shown = dt.datetime.fromisoformat(response.json()["signing_deadline"])
                self.assertEqual(shown, instant)
                self.statement.refresh_from_db()
                self.assertEqual(self.statement.signing_deadline, instant)

    def test_the_second_reading_survives_a_patch_of_another_field(self):
        """The API fills the fields not sent from the stored values (fold included): a
        later change of the goal must not move the closing time to the first 02:30."""
        self.patch(signing_deadline=f"{REPEATED}T02:30", signing_deadline_fold="1")
        response = self.patch(signature_goal=500)
        self.assertEqual(response.status_code, 200, response.content)
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.signing_deadline, READINGS[1][1])
