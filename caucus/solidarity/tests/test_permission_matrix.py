"""Who may do what with cases: every URL that changes data or shows the case file, per role.

Roles as in caucus/public/tests/test_permission_matrix.py, plus `editor` (editor of alpha,
the organization that opened the protected case) and `gamma_admin` (admin of another member
organization). Editors and admins of alpha keep alpha's unprotected case ("alpha-open"); of
the protected one they only read the public face: every change is the coordinators' (the
Trust issue: a refusal would tell them whether a guess is part of the secret). Refused
requests change nothing.
"""

from datetime import date

from django.apps import apps
from django.db import transaction

from caucus.solidarity.models import Case, CaseLink, TimelineEntry
from caucus.solidarity.tests.base import CaseTestCase

ROLES = [
    "anonymous",
    "outsider",
    "gamma_admin",
    "nomfa",
    "delegate",
    "editor",
    "org_admin",
    "coordinator",
    "operator",
]
OK = (200, 302)
LOGIN = "login"
WATCHED = [
    "solidarity.Case",
    "solidarity.TimelineEntry",
    "solidarity.CaseLink",
    "solidarity.Follower",
    "audit.AuditEntry",
]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


def editors(ok=OK) -> dict:
    """Coordinators and editors/admins of alpha (an active member that opened the case)."""
    return {
        "anonymous": LOGIN,
        "outsider": 403,
        "gamma_admin": 403,
        "nomfa": 403,
        "delegate": 403,
        "editor": ok,
        "org_admin": ok,
        "coordinator": ok,
        "operator": 403,
    }


def coordinators(ok=OK) -> dict:
    return {**editors(ok), "editor": 403, "org_admin": 403}


class CasePermissionMatrixTestCase(CaseTestCase):
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
        cls.open_entry = TimelineEntry.objects.create(
            case=cls.alpha_open, kind="arrest", date=date(2025, 10, 1)
        )
        cls.link = CaseLink.objects.create(
            case=cls.protected, kind="event", title="Vigil", url="/e/vigil/"
        )
        cls.open_link = CaseLink.objects.create(
            case=cls.alpha_open, kind="event", title="Vigil", url="/e/vigil/"
        )

    def check(self, method: str, url: str, expected: dict, data: dict | None = None):
        for role in ROLES:
            with self.subTest(role=role, url=url), transaction.atomic():
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                before = snapshot()
                response = getattr(self.client, method)(url, data or {})
                want = expected[role]
                if want == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("/accounts/login/", response["Location"])
                elif want == OK:
                    self.assertIn(response.status_code, OK)
                else:
                    self.assertEqual(response.status_code, want)
                if want not in (OK, 200) and method == "post":
                    self.assertTrue(snapshot() == before, f"{role} changed data at {url}")
                elif want == OK and method == "post":
                    self.assertTrue(snapshot() != before, f"{role} did nothing at {url}")
                transaction.set_rollback(True)

    def test_case_index(self):
        # gamma's admin opens cases for gamma, so sees the index (with gamma's cases only).
        self.check("get", "/coalitions/united/cases/", {**editors(200), "gamma_admin": 200})

    def test_open_a_case(self):
        data = {
            "kind": "person",
            "display_name": "New Case",
            "country": "CL",
            "status": "charged",
            "organization": self.alpha.pk,
        }
        # gamma's admin may open cases for gamma only: alpha is not offered (400).
        expected = {**editors(), "gamma_admin": 400}
        self.check("post", "/coalitions/united/cases/new/", expected, data)

    def test_case_file(self):
        self.check("get", "/coalitions/united/cases/a-y/", editors(200))

    def test_edit_a_protected_case(self):
        data = {
            "kind": "person",
            "display_name": "A.Y.",
            "country": "TR",
            "status": "on_trial",
            "organization": self.alpha.pk,
            "protected": "on",
            "publish": "on",
        }
        self.check("get", "/coalitions/united/cases/a-y/edit/", coordinators(200))
        self.check("post", "/coalitions/united/cases/a-y/edit/", coordinators(), data)
        # A display name that gives nothing away is refused all the same: no oracle.
        data["display_name"] = "Istanbul"
        self.check("post", "/coalitions/united/cases/a-y/edit/", coordinators(), data)

    def test_edit_an_unprotected_case_of_the_organization(self):
        data = {
            "kind": "person",
            "display_name": "Open Person",
            "country": "TR",
            "status": "on_trial",
            "organization": self.alpha.pk,
            "publish": "on",
        }
        self.check("post", "/coalitions/united/cases/alpha-open/edit/", editors(), data)

    def test_add_an_entry(self):
        data = {"kind": "update", "date": "2025-12-01", "note": "News."}
        self.check("post", "/coalitions/united/cases/a-y/timeline/new/", coordinators(), data)
        url = "/coalitions/united/cases/alpha-open/timeline/new/"
        self.check("post", url, editors(), data)

    def test_edit_an_entry_of_a_protected_case(self):
        url = f"/coalitions/united/cases/a-y/timeline/{self.arrest.pk}/edit/"
        data = {"kind": "arrest", "date": "2025-11-03"}
        self.check("post", url, coordinators(), data)

    def test_delete_an_entry(self):
        url = f"/coalitions/united/cases/a-y/timeline/{self.arrest.pk}/delete/"
        self.check("post", url, coordinators())
        url = f"/coalitions/united/cases/alpha-open/timeline/{self.open_entry.pk}/delete/"
        self.check("post", url, editors())

    def test_add_a_link(self):
        data = {"kind": "event", "title": "Vigil", "url": "/e/vigil/"}
        self.check("post", "/coalitions/united/cases/a-y/links/new/", coordinators(), data)
        self.check("post", "/coalitions/united/cases/alpha-open/links/new/", editors(), data)

    def test_remove_a_link(self):
        url = f"/coalitions/united/cases/a-y/links/{self.link.pk}/delete/"
        self.check("post", url, coordinators())
        url = f"/coalitions/united/cases/alpha-open/links/{self.open_link.pk}/delete/"
        self.check("post", url, editors())

    def test_read_the_record_through_the_api(self):
        url = "/api/v1/coalitions/united/cases/a-y/record"
        expected = {**editors(200), "anonymous": 401}
        for role in ROLES:
            with self.subTest(role=role):
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                self.assertEqual(self.client.get(url).status_code, expected[role])

    def test_the_private_photo(self):
        # Editors of a protected case never get it; the file is missing in tests, so the
        # coordinator, past the guard, gets 404 too (test_photos serves a real one).
        expected = {**editors(404), "operator": 403}
        self.check("get", "/coalitions/united/cases/a-y/photo/", expected)

    def test_a_case_without_organization_is_for_coordinators(self):
        self.check("get", "/coalitions/united/cases/mehmet-demir/", coordinators(200))

    def test_api_add_entry(self):
        refused = ("outsider", "gamma_admin", "nomfa", "delegate", "operator")
        for slug, also_refused in (("a-y", ("editor", "org_admin")), ("alpha-open", ())):
            for role in ROLES:
                with self.subTest(role=role, case=slug), transaction.atomic():
                    self.client.logout()
                    if role != "anonymous":
                        self.client.force_login(getattr(self, role))
                    before = snapshot()
                    response = self.client.post(
                        f"/api/v1/coalitions/united/cases/{slug}/timeline",
                        {"kind": "update", "date": "2025-12-01"},
                        content_type="application/json",
                    )
                    want = {
                        "anonymous": 401,
                        **dict.fromkeys((*refused, *also_refused), 403),
                    }.get(role, 201)
                    self.assertEqual(response.status_code, want, response.content)
                    if want != 201:
                        self.assertEqual(snapshot(), before)
                    transaction.set_rollback(True)
