"""Removing a link from a case file asks first, on a page naming the link and the case by its
public name (issue 14); the page's POST removes it, and only who may change the case sees
the page (every change to a protected case is the coordinators')."""

from caucus.solidarity.models import Case, CaseLink
from caucus.solidarity.tests.base import FULL_NAME, CaseTestCase
from caucus.test import LOGIN, OK, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'
EDITORS = expect(403, anonymous=LOGIN, editor=OK, org_admin=OK, coordinator=OK)
COORDINATORS = expect(403, anonymous=LOGIN, coordinator=OK)


def unprotected(case) -> None:
    """alpha's case as set up: not protected."""


def protected(case) -> None:
    """The same case once protected."""
    Case.objects.filter(pk=case.alpha_open.pk).update(protected=True)


class LinkRemoveConfirmationTestCase(PermissionMatrix, CaseTestCase):
    watched = ["solidarity.CaseLink", "solidarity.Case", "audit.AuditEntry"]
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alpha_open = Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="alpha-open",
            display_name="Open Person",
            country="TR",
            status="charged",
            published_at=cls.protected.published_at,
        )
        cls.link = CaseLink.objects.create(
            case=cls.protected, kind="event", title="Hearing vigil", url="/e/vigil/"
        )
        cls.open_link = CaseLink.objects.create(
            case=cls.alpha_open, kind="event", title="Vigil", url="/e/vigil/"
        )
        cls.url = f"/coalitions/united/cases/a-y/links/{cls.link.pk}/delete/"

    def test_a_get_names_the_link_and_removes_nothing(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url)
        self.assertContains(page, "Remove a link")
        self.assertContains(
            page,
            "The link to “<bdi>Hearing vigil</bdi>” leaves the file of case <bdi>A.Y.</bdi>",
        )
        self.assertContains(page, 'href="/coalitions/united/cases/a-y/">Cancel</a>')
        self.assertNotContains(page, FULL_NAME)
        self.assertTrue(CaseLink.objects.filter(pk=self.link.pk).exists())

    def test_the_case_file_links_to_the_confirmation(self):
        self.client.force_login(self.coordinator)
        page = self.client.get("/coalitions/united/cases/a-y/")
        self.assertContains(page, f'href="{self.url}"')
        self.assertNotContains(page, f'action="{self.url}"')

    def test_the_pages_post_removes(self):
        self.client.force_login(self.coordinator)
        self.client.post(self.url)
        self.assertFalse(CaseLink.objects.filter(pk=self.link.pk).exists())

    def test_only_who_may_change_the_case_sees_the_page(self):
        self.check("get", self.url, COORDINATORS, contains=CONFIRM)
        url = f"/coalitions/united/cases/alpha-open/links/{self.open_link.pk}/delete/"
        self.check_states(
            "get", url, {unprotected: EDITORS, protected: COORDINATORS}, contains=CONFIRM
        )
        self.assertEqual(CaseLink.objects.count(), 2)
