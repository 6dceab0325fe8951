"""Who may do what: every URL that changes data or shows private data, for every role.

Each request runs inside a savepoint that is rolled back, so every role meets the same state;
where a role is refused, the database must be exactly as before.
"""

from django.apps import apps
from django.db import transaction

from caucus.coalitions.models import CoalitionMembership
from caucus.organizations.models import Invitation, Membership
from caucus.test import BaseTestCase

ROLES = ["anonymous", "outsider", "nomfa", "delegate", "org_admin", "coordinator", "operator"]
OK = (200, 302)
LOGIN = "login"  # a redirect to the sign-in page

WATCHED = [
    "accounts.User",
    "organizations.Organization",
    "organizations.Membership",
    "organizations.Body",
    "organizations.Invitation",
    "coalitions.Coalition",
    "coalitions.CoalitionMembership",
    "coalitions.Coordinator",
    "coalitions.PlatformVersion",
    "audit.AuditEntry",
]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


class PermissionMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.invitation = Invitation.objects.create(
            organization=cls.alpha,
            email="someone@example.net",
            role="editor",
            invited_by=cls.org_admin,
        )
        CoalitionMembership.objects.create(
            coalition=cls.coalition, organization=cls.beta, status="invited"
        )

    def login_as(self, role: str) -> None:
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(getattr(self, role))

    def request_as(self, role: str, method: str, url: str, data: dict | None):
        self.login_as(role)
        return getattr(self.client, method)(url, data or {})

    def check(self, method: str, url: str, expected: dict, data: dict | None = None):
        for role in ROLES:
            with self.subTest(role=role, url=url), transaction.atomic():
                self.login_as(role)
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

    # Organization alpha: members read; every role acts with MFA; admins manage.
    def test_org_dashboard(self):
        self.check(
            "get",
            "/orgs/alpha/",
            {
                "anonymous": LOGIN,
                "outsider": 403,
                "nomfa": 200,
                "delegate": 200,
                "org_admin": 200,
                "coordinator": 200,
                "operator": 403,
            },
        )

    def test_edit_profile(self):
        data = {"name": "Alpha Renamed", "slug": "alpha", "country": "TR", "languages": ["tr"]}
        self.check(
            "post",
            "/orgs/alpha/edit/",
            {
                "anonymous": LOGIN,
                "outsider": 403,
                "nomfa": 403,
                "delegate": OK,
                "org_admin": OK,
                "coordinator": OK,
                "operator": 403,
            },
            data,
        )

    def admin_only(self, method, url, data=None):
        self.check(
            method,
            url,
            {
                "anonymous": LOGIN,
                "outsider": 403,
                "nomfa": 403,
                "delegate": 403,
                "org_admin": OK if method == "post" else 200,
                "coordinator": 403,
                "operator": 403,
            },
            data,
        )

    def test_invite_person(self):
        self.admin_only(
            "post", "/orgs/alpha/invite/", {"email": "x@example.net", "role": "delegate"}
        )

    def test_revoke_invitation(self):
        self.admin_only("post", f"/orgs/alpha/invitations/{self.invitation.pk}/revoke/")

    def test_change_role(self):
        pk = Membership.objects.get(user=self.delegate).pk
        self.admin_only("post", f"/orgs/alpha/members/{pk}/role/", {"role": "editor"})

    def test_remove_member(self):
        pk = Membership.objects.get(user=self.editor).pk
        self.admin_only("post", f"/orgs/alpha/members/{pk}/remove/")

    def test_create_body(self):
        self.admin_only("post", "/orgs/alpha/bodies/new/", {"name": "Congress"})

    def test_org_audit_log(self):
        self.admin_only("get", "/orgs/alpha/audit/")

    # Coalitions.
    def test_create_coalition(self):
        # Everyone who belongs to an organization and has MFA; for their own org only.
        data = {"name": "New", "slug": "new-c", "member_list": "members"}
        for role, org in [
            ("outsider", self.beta),
            ("delegate", self.alpha),
            ("org_admin", self.alpha),
            ("coordinator", self.alpha),
            ("nomfa", self.alpha),
            ("operator", self.alpha),
            ("anonymous", self.alpha),
        ]:
            expected = {"anonymous": LOGIN, "nomfa": 403, "operator": 403}
            with self.subTest(founder=role), transaction.atomic():
                self.login_as(role)
                before = snapshot()
                response = self.client.post("/coalitions/new/", {**data, "organization": org.pk})
                want = expected.get(role, OK)
                self.assertEqual(response.status_code, 302 if want in (LOGIN, OK) else want)
                self.assertTrue((snapshot() != before) == (want == OK), "data changed or not")
                transaction.set_rollback(True)

    def members_read(self, url):
        self.check(
            "get",
            url,
            {
                "anonymous": LOGIN,
                "outsider": 403,
                "nomfa": 403,
                "delegate": 200,
                "org_admin": 200,
                "coordinator": 200,
                "operator": 403,
            },
        )

    def test_coalition_workspace(self):
        self.members_read("/coalitions/united/")

    def test_platform_history(self):
        self.members_read("/coalitions/united/platform/history/")

    def coordinator_only(self, method, url, data=None):
        self.check(
            method,
            url,
            {
                "anonymous": LOGIN,
                "outsider": 403,
                "nomfa": 403,
                "delegate": 403,
                "org_admin": 403,
                "coordinator": OK if method == "post" else 200,
                "operator": 403,
            },
            data,
        )

    def test_coalition_settings(self):
        self.coordinator_only(
            "post",
            "/coalitions/united/edit/",
            {"name": "United", "slug": "united", "member_list": "public"},
        )

    def test_invite_organization(self):
        CoalitionMembership.objects.filter(organization=self.beta).delete()
        self.coordinator_only("post", "/coalitions/united/invite/", {"organization": "beta"})

    def test_remove_member_org(self):
        pk = CoalitionMembership.objects.get(organization=self.gamma).pk
        self.coordinator_only("post", f"/coalitions/united/members/{pk}/remove/")

    def test_edit_platform(self):
        self.coordinator_only("post", "/coalitions/united/platform/", {"points": "One\n\nTwo"})

    def test_add_coordinator(self):
        self.coordinator_only(
            "post", "/coalitions/united/coordinators/add/", {"user": self.gamma_admin.pk}
        )

    def test_coalition_audit_log(self):
        self.coordinator_only("get", "/coalitions/united/audit/")

    def test_respond_for_invited_org(self):
        # Only an admin of beta, the invited organization (the outsider here).
        self.check(
            "post",
            "/coalitions/united/respond/beta/",
            {
                "anonymous": LOGIN,
                "outsider": OK,
                "nomfa": 403,
                "delegate": 403,
                "org_admin": 403,
                "coordinator": 403,
                "operator": 403,
            },
            {"answer": "accept"},
        )

    def test_leave_coalition(self):
        self.check(
            "post",
            "/coalitions/united/leave/alpha/",
            {
                "anonymous": LOGIN,
                "outsider": 403,
                "nomfa": 403,
                "delegate": 403,
                "org_admin": OK,
                "coordinator": 403,
                "operator": 403,
            },
        )

    def test_private_member_list_on_public_page(self):
        for role in ROLES:
            with self.subTest(role=role):
                response = self.request_as(role, "get", "/c/united/", None)
                visible = role in ("delegate", "org_admin", "coordinator", "nomfa")
                self.assertEqual("Gamma Union" in response.content.decode(), visible)

    def test_admin_site_is_for_operators(self):
        for role in ROLES:
            with self.subTest(role=role):
                response = self.request_as(role, "get", "/admin/organizations/organization/", None)
                self.assertEqual(response.status_code, 200 if role == "operator" else 302)
