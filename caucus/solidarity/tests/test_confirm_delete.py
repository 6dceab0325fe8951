"""Deleting a timeline entry asks first, on a page that names the entry without the
protected person's name; the page's POST deletes it."""

from django.db import transaction

from caucus.public.tests.test_permission_matrix import ROLES
from caucus.solidarity.models import EntryKind, TimelineEntry
from caucus.solidarity.tests.base import FULL_NAME, CaseTestCase, next_year_hearing


class EntryDeleteConfirmationTestCase(CaseTestCase):
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
        for role in ROLES:
            with self.subTest(role=role), transaction.atomic():
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                status = self.client.get(self.url).status_code
                expected = {"anonymous": 302, "coordinator": 200}.get(role, 403)
                self.assertEqual(status, expected)
                self.assertTrue(TimelineEntry.objects.filter(pk=self.hearing.pk).exists())
                transaction.set_rollback(True)
