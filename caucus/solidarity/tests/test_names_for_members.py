"""A display name stored before the Trust rule may hold the secret ("Ayşe Y."): the case's
coordinators see it as stored, every other role of the cast (caucus/test.py) that reaches
the case file sees the public name only, on the list of cases, the case file and the API's
record; an unprotected case shows its name to all of them alike."""

import json

from caucus.solidarity.models import Case
from caucus.solidarity.tests.base import CaseTestCase
from caucus.test import ROLES, PermissionMatrix

STORED = "Ayşe Y."
PUBLIC = "A protected person"
PAGES = [
    "/coalitions/united/cases/",
    "/coalitions/united/cases/a-y/",
    "/api/v1/coalitions/united/cases/a-y/record",
]


class NamesForMembersTestCase(PermissionMatrix, CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Case.objects.filter(pk=cls.protected.pk).update(display_name=STORED)
        Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="alpha-open",
            display_name="Open Person",
            country="TR",
            published_at=cls.protected.published_at,
        )

    def read_as(self, role: str, url: str) -> tuple[int, str]:
        response = self.client_for(role).get(url)
        text = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            text = json.dumps(response.json(), ensure_ascii=False)  # "Ayşe", not "Ay\u015fe"
        return response.status_code, text

    def test_only_coordinators_see_the_stored_name(self):
        readers: dict[str, set[str]] = {url: set() for url in PAGES}
        for role in ROLES:
            for url in PAGES:
                with self.subTest(role=role, url=url):
                    status, text = self.read_as(role, url)
                    if status == 200:
                        readers[url].add(role)
                    if role == "coordinator":
                        self.assertIn(STORED, text)
                        self.assertNotIn(PUBLIC, text)
                        continue
                    for spelling in ("Ayşe", "Ay&#351;e", "Ayse"):
                        self.assertNotIn(spelling, text)
                    if status == 200 and role != "gamma_admin":
                        self.assertIn(PUBLIC, text)
                    if status == 200 and url == PAGES[0] and role != "gamma_admin":
                        self.assertIn("Open Person", text)  # unprotected: the same for all
        # Who reached each page (the names above were checked on them): editors and admins
        # of alpha, whose case it is, and gamma's admin on the list (with gamma's cases only).
        self.assertEqual(readers[PAGES[0]], {"coordinator", "org_admin", "editor", "gamma_admin"})
        self.assertEqual(readers[PAGES[1]], {"coordinator", "org_admin", "editor"})
        self.assertEqual(readers[PAGES[2]], {"coordinator", "org_admin", "editor"})

    def test_the_record_gives_the_public_name_to_an_editor(self):
        self.client.force_login(self.editor)
        record = self.client.get(PAGES[2]).json()
        self.assertEqual((record["display_name"], record["full_name"]), (PUBLIC, None))
        self.client.force_login(self.coordinator)
        record = self.client.get(PAGES[2]).json()
        self.assertEqual((record["display_name"], record["full_name"]), (STORED, "Ayşe Yılmaz"))

    def test_the_title_of_the_case_file_is_the_name_the_reader_may_see(self):
        for who, name in ((self.coordinator, STORED), (self.org_admin, PUBLIC)):
            self.client.force_login(who)
            response = self.client.get(PAGES[1])
            self.assertContains(response, f"<h1><bdi>{name}</bdi>")
            self.assertContains(response, f"<title>{name}")

    def test_an_unprotected_case_shows_its_name_to_every_reader(self):
        for who in (self.coordinator, self.editor):
            self.client.force_login(who)
            page = self.client.get("/coalitions/united/cases/alpha-open/")
            self.assertContains(page, "<h1><bdi>Open Person</bdi>")
            record = self.client.get("/api/v1/coalitions/united/cases/alpha-open/record").json()
            self.assertEqual(record["display_name"], "Open Person")
