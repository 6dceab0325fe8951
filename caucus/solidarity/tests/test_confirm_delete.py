"""Deleting a timeline entry asks first, on a page that names the entry without the
protected person's name; the page's POST deletes it."""

from caucus.solidarity.models import EntryKind, TimelineEntry
from caucus.solidarity.tests.base import FULL_NAME, CaseTestCase, next_year_hearing
from caucus.test import LOGIN, OK, PermissionMatrix, expect


class EntryDeleteConfirmationTestCase(PermissionMatrix, CaseTestCase):
    watched = ["solidarity.TimelineEntry", "solidarity.Case", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        starts = next_year_hearing()
        cls.hearing = TimelineEntry.objects.create(
            case=cls.protected,
            kind=EntryKind.HEARING,
            date=starts.date(),
            starts_at=starts,
            time_zone="Europe/Istanbul",
            place="Gebze court",
        )
        cls.url = f"/coalitions/united/cases/a-y/timeline/{cls.hearing.pk}/delete/"

    def test_a_get_shows_the_confirmation_and_deletes_nothing(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url)
        self.assertContains(page, "Delete a timeline entry")
        self.assertContains(page, "case A.Y.")
        self.assertContains(page, "Calendars that follow the case")
        self.assertNotContains(page, FULL_NAME)
        self.assertTrue(TimelineEntry.objects.filter(pk=self.hearing.pk).exists())

    def test_the_case_file_links_to_the_confirmation(self):
        self.client.force_login(self.coordinator)
        page = self.client.get("/coalitions/united/cases/a-y/")
        self.assertContains(page, f'href="{self.url}"')
        self.assertNotContains(page, f'action="{self.url}"')

    def test_the_post_deletes(self):
        self.client.force_login(self.coordinator)
        self.client.post(self.url)
        self.assertFalse(TimelineEntry.objects.filter(pk=self.hearing.pk).exists())

    def test_only_who_may_write_the_case_sees_the_page(self):
        writers = expect(403, anonymous=LOGIN, coordinator=OK)
        self.check("get", self.url, writers, contains="Delete a timeline entry")
        self.assertTrue(TimelineEntry.objects.filter(pk=self.hearing.pk).exists())
