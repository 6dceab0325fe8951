"""Who may do what with cases: every URL that changes data or shows the case file, per role.

Roles as in caucus/public/tests/test_permission_matrix.py, plus `editor` (editor of alpha,
the organization that opened the protected case). Refused requests change nothing.
"""

from django.apps import apps
from django.db import transaction

from caucus.solidarity.tests.base import CaseTestCase

ROLES = [
    "anonymous",
    "outsider",
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
        self.check("get", "/coalitions/united/cases/", editors(200))

    def test_open_a_case(self):
        data = {
            "kind": "person",
            "display_name": "New Case",
            "country": "CL",
            "status": "charged",
            "organization": self.alpha.pk,
        }
        self.check("post", "/coalitions/united/cases/new/", editors(), data)

    def test_case_file(self):
        self.check("get", "/coalitions/united/cases/a-y/", editors(200))

    def test_edit_a_case(self):
        data = {
            "kind": "person",
            "display_name": "A.Y.",
            "country": "TR",
            "status": "on_trial",
            "organization": self.alpha.pk,
            "publish": "on",
        }
        self.check("post", "/coalitions/united/cases/a-y/edit/", editors(), data)

    def test_add_an_entry(self):
        data = {"kind": "update", "date": "2025-12-01", "note": "News."}
        self.check("post", "/coalitions/united/cases/a-y/timeline/new/", editors(), data)

    def test_edit_an_entry_of_a_protected_case(self):
        url = f"/coalitions/united/cases/a-y/timeline/{self.arrest.pk}/edit/"
        data = {"kind": "arrest", "date": "2025-11-03"}
        self.check("post", url, coordinators(), data)

    def test_delete_an_entry(self):
        url = f"/coalitions/united/cases/a-y/timeline/{self.arrest.pk}/delete/"
        self.check("post", url, editors())

    def test_add_a_link(self):
        data = {"kind": "event", "title": "Vigil", "url": "/e/vigil/"}
        self.check("post", "/coalitions/united/cases/a-y/links/new/", editors(), data)

    def test_the_private_photo(self):
        # Editors of a protected case never get it; the file is missing in tests, so the
        # coordinator, past the guard, gets 404 too (test_photos serves a real one).
        expected = {**editors(404), "operator": 403}
        self.check("get", "/coalitions/united/cases/a-y/photo/", expected)

    def test_a_case_without_organization_is_for_coordinators(self):
        self.check("get", "/coalitions/united/cases/mehmet-demir/", coordinators(200))

    def test_api_add_entry(self):
        for role in ROLES:
            with self.subTest(role=role), transaction.atomic():
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                before = snapshot()
                response = self.client.post(
                    "/api/v1/coalitions/united/cases/a-y/timeline",
                    {"kind": "update", "date": "2025-12-01"},
                    content_type="application/json",
                )
                want = {
                    "anonymous": 401,
                    **dict.fromkeys(("outsider", "nomfa", "delegate", "operator"), 403),
                }.get(role, 201)
                self.assertEqual(response.status_code, want, response.content)
                if want != 201:
                    self.assertEqual(snapshot(), before)
                transaction.set_rollback(True)
