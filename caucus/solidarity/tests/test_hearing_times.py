"""A hearing's local time goes through the one helper for local times (caucus/lib/zones.py):
a time the clocks skip is refused with the valid time suggested, and one that happens twice
is refused rather than silently read as the first, until the person says which one they mean."""

from datetime import UTC, datetime

import time_machine

from caucus.solidarity.models import TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase

URL = "/coalitions/united/cases/a-y/timeline/new/"


# The dates below must stay within five years of "now" (the timeline refuses later ones).
@time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
class HearingTimesTestCase(CaseTestCase):
    def setUp(self):
        self.client.force_login(self.coordinator)

    def refused(self, **data) -> str:
        before = TimelineEntry.objects.count()
        base = {"kind": "hearing", "note": "", "time_zone": "Europe/Rome"}
        response = self.client.post(URL, base | data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(TimelineEntry.objects.count(), before)
        return response.context["form"].errors["time"][0]

    def test_a_skipped_time_names_the_jump_and_the_valid_time(self):
        # Rome, 2027-03-28: the clocks go from 02:00 to 03:00.
        error = self.refused(date="2027-03-28", time="02:30")
        self.assertIn("clocks jump forward", error)
        self.assertIn("2027-03-28 03:30 (UTC+02:00)", error)

    def test_a_repeated_time_is_not_silently_read_as_the_first(self):
        # Rome, 2027-10-31: 02:00–03:00 happens twice.
        error = self.refused(date="2027-10-31", time="02:30")
        self.assertIn("happens twice", error)

    def test_the_person_says_which_of_two_repeated_times_they_mean(self):
        base = {"kind": "hearing", "note": "", "time_zone": "Europe/Rome"}
        for fold, utc_hour in (("0", 0), ("1", 1)):  # 02:30 CEST is 00:30 UTC, CET 01:30 UTC
            with self.subTest(fold=fold):
                data = base | {"date": "2027-10-31", "time": "02:30", "time_fold": fold}
                response = self.client.post(URL, data)
                self.assertEqual(response.status_code, 302)
                entry = TimelineEntry.objects.latest("pk")
                self.assertEqual(entry.starts_at, datetime(2027, 10, 31, utc_hour, 30, tzinfo=UTC))

    def test_editing_the_second_occurrence_keeps_it(self):
        data = {"kind": "hearing", "note": "", "time_zone": "Europe/Rome"}
        data |= {"date": "2027-10-31", "time": "02:30", "time_fold": "1"}
        self.client.post(URL, data)
        entry = TimelineEntry.objects.latest("pk")
        page = self.client.get(f"/coalitions/united/cases/a-y/timeline/{entry.pk}/edit/")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["form"].initial["time_fold"], "1")
