"""Who may do what with organizations and coalitions: every URL that changes data or shows
private data, for every role of the cast (caucus/test.py, PermissionMatrix).

Each request runs inside a savepoint that is rolled back, so every role meets the same state;
where a role is refused, the database must be exactly as before.
"""

from django.db import transaction

from caucus.coalitions.models import CoalitionMembership
from caucus.organizations.models import Invitation, Membership
from caucus.test import LOGIN, OK, ROLES, BaseTestCase, PermissionMatrix, expect

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
# alpha's people: the coordinator is a delegate of alpha, so counts among them.
ALPHA = ("nomfa", "delegate", "editor", "org_admin", "coordinator")
# Reading alpha's own pages: its people, a second factor or not.
ALPHA_READS = expect(403, anonymous=LOGIN, **dict.fromkeys(ALPHA, OK))
# Acting for alpha: its people with a second factor.
ALPHA_ACTS = {**ALPHA_READS, "nomfa": 403}
ALPHA_ADMIN = expect(403, anonymous=LOGIN, org_admin=OK)
# The coalition "united": people of alpha and gamma, its active members, with a second factor.
MEMBERS = expect(OK, anonymous=LOGIN, outsider=403, nomfa=403, operator=403)
COORDINATOR = expect(403, anonymous=LOGIN, coordinator=OK)


class PermissionMatrixTestCase(PermissionMatrix, BaseTestCase):
    watched = WATCHED

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

    # Organization alpha: its people read; they act with a second factor; admins manage.
    def test_org_dashboard(self):
        self.check("get", "/orgs/alpha/", ALPHA_READS)

    def test_edit_profile(self):
        data = {"name": "Alpha Renamed", "slug": "alpha", "country": "TR", "languages": ["tr"]}
        self.check("post", "/orgs/alpha/edit/", ALPHA_ACTS, data)

    def test_invite_person(self):
        data = {"email": "x@example.net", "role": "delegate"}
        self.check("get", "/orgs/alpha/invite/", ALPHA_ADMIN)
        self.check("post", "/orgs/alpha/invite/", ALPHA_ADMIN, data)

    def test_revoke_invitation(self):
        self.check("post", f"/orgs/alpha/invitations/{self.invitation.pk}/revoke/", ALPHA_ADMIN)

    def test_change_role(self):
        pk = Membership.objects.get(user=self.delegate).pk
        self.check("post", f"/orgs/alpha/members/{pk}/role/", ALPHA_ADMIN, {"role": "editor"})

    def test_remove_member(self):
        pk = Membership.objects.get(user=self.editor).pk
        self.check("post", f"/orgs/alpha/members/{pk}/remove/", ALPHA_ADMIN)

    def test_create_body(self):
        self.check("post", "/orgs/alpha/bodies/new/", ALPHA_ADMIN, {"name": "Congress"})

    def test_org_audit_log(self):
        self.check("get", "/orgs/alpha/audit/", ALPHA_ADMIN)

    # Coalitions.
    def test_create_coalition(self):
        # Everyone who belongs to an organization and has a second factor; for their own only.
        data = {"name": "New", "slug": "new-c", "member_list": "members"}
        founding = {"outsider": self.beta, "gamma_admin": self.gamma}
        refused = {"anonymous": LOGIN, "nomfa": 403, "operator": 403}
        for role in ROLES:
            org = founding.get(role, self.alpha)
            with self.subTest(founder=role), transaction.atomic():
                self.login_as(role)
                before = self.snapshot()
                response = self.client.post("/coalitions/new/", {**data, "organization": org.pk})
                want = refused.get(role, OK)
                self.assertEqual(response.status_code, 302 if want in (LOGIN, OK) else want)
                self.assertEqual(self.snapshot() != before, want == OK, "data changed or not")
                transaction.set_rollback(True)

    def test_nobody_founds_a_coalition_for_an_organization_not_theirs(self):
        data = {"name": "New", "slug": "new-c", "member_list": "members"}
        self.check(
            "post",
            "/coalitions/new/",
            expect(400, anonymous=LOGIN, nomfa=403, operator=403, outsider=OK),
            {**data, "organization": self.beta.pk},  # the outsider is beta's admin
        )

    def test_coalition_workspace(self):
        self.check("get", "/coalitions/united/", MEMBERS)

    def test_platform_history(self):
        self.check("get", "/coalitions/united/platform/history/", MEMBERS)

    def test_coalition_settings(self):
        self.check(
            "post",
            "/coalitions/united/edit/",
            COORDINATOR,
            {"name": "United", "slug": "united", "member_list": "public"},
        )

    def test_invite_organization(self):
        CoalitionMembership.objects.filter(organization=self.beta).delete()
        self.check("post", "/coalitions/united/invite/", COORDINATOR, {"organization": "beta"})

    def test_remove_member_org(self):
        pk = CoalitionMembership.objects.get(organization=self.gamma).pk
        self.check("post", f"/coalitions/united/members/{pk}/remove/", COORDINATOR)

    def test_edit_platform(self):
        self.check("post", "/coalitions/united/platform/", COORDINATOR, {"points": "One\n\nTwo"})

    def test_add_coordinator(self):
        self.check(
            "post",
            "/coalitions/united/coordinators/add/",
            COORDINATOR,
            {"user": self.gamma_admin.pk},
        )

    def test_coalition_audit_log(self):
        self.check("get", "/coalitions/united/audit/", COORDINATOR)

    def test_respond_for_invited_org(self):
        # Only an admin of beta, the invited organization (the outsider here).
        self.check(
            "post",
            "/coalitions/united/respond/beta/",
            expect(403, anonymous=LOGIN, outsider=OK),
            {"answer": "accept"},
        )

    def test_leave_coalition(self):
        # For alpha, its admin; gamma's admin leaves for gamma, not alpha.
        self.check("post", "/coalitions/united/leave/alpha/", ALPHA_ADMIN)
        self.check(
            "post", "/coalitions/united/leave/gamma/", expect(403, anonymous=LOGIN, gamma_admin=OK)
        )

    def test_private_member_list_on_public_page(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.login_as(role)
                response = self.client.get("/c/united/")
                self.assertEqual(response.status_code, 200)
                visible = role in (*ALPHA, "gamma_admin")
                self.assertEqual("Gamma Union" in response.content.decode(), visible)

    def test_admin_site_is_for_operators(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.login_as(role)
                response = self.client.get("/admin/organizations/organization/")
                self.assertEqual(response.status_code, 200 if role == "operator" else 302)
