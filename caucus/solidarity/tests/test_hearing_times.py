"""A hearing's local time goes through the one helper for local times (caucus/lib/zones.py):
a time the clocks skip is refused with the valid time suggested, and one that happens twice
is refused rather than silently read as the first (the form has no field to choose yet)."""

from caucus.solidarity.models import TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase

URL = "/coalitions/united/cases/a-y/timeline/new/"


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
