"""solidarity.selectors: the hearings ahead, of published cases of a person's coalitions."""

from datetime import timedelta

from django.utils import timezone

from caucus.solidarity.models import EntryKind, TimelineEntry
from caucus.solidarity.selectors import upcoming_hearings_for
from caucus.solidarity.tests.base import FULL_NAME, CaseTestCase


class UpcomingHearingsTestCase(CaseTestCase):
    def add_hearing(self, case, days: int) -> TimelineEntry:
        starts = timezone.now() + timedelta(days=days)
        return TimelineEntry.objects.create(
            case=case,
            kind=EntryKind.HEARING,
            date=starts.date(),
            starts_at=starts,
            time_zone="Europe/Istanbul",
            place=f"Court of {FULL_NAME}",
        )

    def test_members_see_hearings_of_published_cases_soonest_first(self):
        later, sooner = self.add_hearing(self.open_case, 9), self.add_hearing(self.protected, 2)
        self.add_hearing(self.draft, 1)
        self.add_hearing(self.open_case, 90)
        self.assertEqual(upcoming_hearings_for(self.delegate), [sooner, later])
        self.assertEqual(upcoming_hearings_for(self.coordinator), [sooner, later])
        self.assertEqual(upcoming_hearings_for(self.outsider), [])

    def test_the_dashboard_names_a_protected_person_by_the_public_name_only(self):
        self.add_hearing(self.protected, 2)
        self.client.force_login(self.delegate)
        page = self.client.get("/dashboard/")
        self.assertContains(page, "A.Y.")
        self.assertNotContains(page, FULL_NAME)
