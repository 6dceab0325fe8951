"""Adding to a case's timeline: hearings in local time, impossible dates refused or flagged."""

from datetime import date, timedelta

from django.utils import timezone

from caucus.solidarity.models import TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase

URL = "/coalitions/united/cases/a-y/timeline/new/"


class AddEntryTestCase(CaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def post(self, **data):
        base = {"kind": "hearing", "date": "", "time": "", "time_zone": "", "note": ""}
        return self.client.post(URL, {**base, **data})

    def test_it_stores_a_hearing_in_utc_with_its_zone(self):
        response = self.post(date="2026-11-20", time="10:00", time_zone="America/Santiago")
        self.assertEqual(response.status_code, 302)
        entry = TimelineEntry.objects.latest("pk")
        self.assertEqual(entry.starts_at.isoformat(), "2026-11-20T13:00:00+00:00")
        self.assertEqual(entry.time_zone, "America/Santiago")
        self.assertEqual(entry.local_start.hour, 10)

    def test_it_keeps_a_plain_date_for_other_kinds(self):
        self.post(kind="charge", date="2025-11-05", time="10:00", time_zone="Europe/Istanbul")
        entry = TimelineEntry.objects.latest("pk")
        self.assertEqual((entry.kind, entry.starts_at, entry.time_zone), ("charge", None, ""))

    def test_it_accepts_but_flags_a_hearing_before_the_arrest(self):
        response = self.post(date="2025-10-01", time="09:00", time_zone="Europe/Istanbul")
        self.assertEqual(response.status_code, 302)
        entry = TimelineEntry.objects.latest("pk")
        self.assertTrue(entry.before_arrest)
        self.hearing.refresh_from_db()
        self.assertFalse(self.hearing.before_arrest)
        page = self.client.get("/coalitions/united/cases/a-y/")
        self.assertContains(page, "Dated before the arrest")

    def test_it_unflags_once_an_earlier_arrest_is_recorded(self):
        self.post(date="2025-10-01", time="09:00", time_zone="Europe/Istanbul")
        self.post(kind="arrest", date="2025-09-30")
        self.assertFalse(TimelineEntry.objects.filter(before_arrest=True).exists())

    def assert_refused(self, field: str, **data) -> None:
        before = list(TimelineEntry.objects.values())
        response = self.post(**data)
        self.assertEqual(response.status_code, 400)
        self.assertIn(field, response.context["form"].errors)
        self.assertEqual(list(TimelineEntry.objects.values()), before)

    def test_it_refuses_a_date_far_in_the_future(self):
        far = timezone.localdate() + timedelta(days=5 * 365 + 2)
        self.assert_refused("date", kind="update", date=far.isoformat())

    def test_it_refuses_a_date_before_1900(self):
        self.assert_refused("date", kind="arrest", date="1899-12-31")

    def test_it_refuses_impossible_calendar_dates(self):
        self.assert_refused("date", kind="arrest", date="2025-02-30")
        self.assert_refused("date", kind="arrest", date="not a date")
        self.assert_refused("date", kind="arrest", date="")

    def test_it_refuses_a_hearing_without_time_or_zone(self):
        self.assert_refused("time", date="2026-05-05", time_zone="Europe/Istanbul")
        self.assert_refused("time_zone", date="2026-05-05", time="10:00")
        self.assert_refused("time_zone", date="2026-05-05", time="10:00", time_zone="Mars/Base")
        self.assert_refused("time", date="2026-05-05", time="25:61", time_zone="Europe/Istanbul")

    def test_it_refuses_a_local_time_the_clocks_skip(self):
        # 2026-03-29 02:30 does not exist in Rome: clocks go from 02:00 to 03:00.
        self.assert_refused("time", date="2026-03-29", time="02:30", time_zone="Europe/Rome")

    def test_it_refuses_bad_source_links_and_unknown_kinds(self):
        self.assert_refused(
            "source_url", kind="update", date="2025-12-01", source_url="java script:x"
        )
        self.assert_refused("kind", kind="rumour", date="2025-12-01")
        self.assert_refused("note", kind="update", date="2025-12-01", note="a\x00b")

    def test_editing_a_hearing_bumps_its_sequence(self):
        url = f"/coalitions/united/cases/a-y/timeline/{self.hearing.pk}/edit/"
        day = self.hearing.date.isoformat()
        data = {"kind": "hearing", "date": day, "time": "11:00", "time_zone": "Europe/Istanbul"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.hearing.refresh_from_db()
        self.assertEqual(self.hearing.sequence, 1)
        self.assertEqual(self.hearing.local_start.hour, 11)

    def test_deleting_an_entry(self):
        url = f"/coalitions/united/cases/a-y/timeline/{self.arrest.pk}/delete/"
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(TimelineEntry.objects.filter(pk=self.arrest.pk).exists())

    def test_dates_are_plain_dates(self):
        self.post(kind="verdict", date="2025-12-24")
        self.assertEqual(TimelineEntry.objects.latest("pk").date, date(2025, 12, 24))


class CaseFileTimelineTestCase(CaseTestCase):
    def test_every_time_on_the_case_file_is_machine_readable(self):
        self.client.force_login(self.coordinator)
        page = self.client.get("/coalitions/united/cases/a-y/")
        self.assertContains(page, '<time datetime="2025-11-02">2 November 2025</time>')
        year = self.hearing.starts_at.year
        # The hearing on the court's clock, labelled, the instant in UTC for the reader's time.
        self.assertContains(page, f'<time datetime="{year}-03-10T06:30:00Z">')
        self.assertContains(page, "March " + str(year) + ", 09:30</time>")
        self.assertContains(page, "(Istanbul time, UTC+03:00)")

    def test_translators_see_each_entry_by_its_kind_and_date(self):
        self.client.force_login(self.coordinator)
        page = self.client.get("/coalitions/united/cases/a-y/translations/new/?language=es")
        self.assertContains(page, "Arrest, 2 November 2025")
