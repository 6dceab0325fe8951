"""Who may do what through the API: every write endpoint × every member of the cast.

Each row is sent once through the session and once with a personal token; a refused
request must leave the database as it was, an accepted one must change it.
"""

from django.utils import timezone

from caucus.api.tests.helpers import ApiTestCase, png
from caucus.coalitions.models import CoalitionMembership, Coordinator, MemberStatus
from caucus.organizations.models import Invitation, Membership, Organization, Role

ADMIN_ONLY = {
    "anonymous": 401,
    "outsider": 403,
    "nomfa": 403,
    "delegate": 403,
    "org_admin": 200,
    "coordinator": 403,
    "operator": 403,
}
ANY_ROLE = {**ADMIN_ONLY, "delegate": 200, "coordinator": 200}
COORDINATOR_ONLY = {**ADMIN_ONLY, "org_admin": 403, "coordinator": 200}


def created(matrix: dict[str, int], code: int = 201) -> dict[str, int]:
    return {actor: code if status == 200 else status for actor, status in matrix.items()}


class PermissionMatrixTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.invitation = Invitation.objects.create(
            organization=cls.alpha, email="pending@example.org", role=Role.EDITOR
        )
        cls.editor_membership = Membership.objects.get(user=cls.editor)
        cls.delta = Organization.objects.create(slug="delta", name="Delta", country="FR")
        CoalitionMembership.objects.create(  # beta is invited; its admin is "outsider"
            coalition=cls.coalition,
            organization=cls.beta,
            status=MemberStatus.INVITED,
            invited_at=timezone.now(),
        )
        cls.second_coordinator = Coordinator.objects.create(
            coalition=cls.coalition, user=cls.gamma_admin
        )

    def check(self, expected: dict[str, int], method: str, path: str, body=None) -> None:
        for via in ("session", "token"):
            self.run_matrix(lambda c: self.call(c, method, path, body), expected, via=via)

    # --- Organizations.

    def test_update_profile_needs_any_role_and_a_second_factor(self):
        self.check(ANY_ROLE, "patch", "/organizations/alpha", {"name": "Alpha Workers"})

    def test_upload_logo_needs_any_role_and_a_second_factor(self):
        for via in ("session", "token"):
            self.run_matrix(
                lambda c: c.post("/api/v1/organizations/alpha/logo", {"logo": png()}),
                ANY_ROLE,
                via=via,
            )

    def test_invite_is_for_admins(self):
        self.check(
            created(ADMIN_ONLY),
            "post",
            "/organizations/alpha/invitations",
            {"email": "new@example.org", "role": "delegate"},
        )

    def test_revoke_invitation_is_for_admins(self):
        self.check(
            ADMIN_ONLY, "post", f"/organizations/alpha/invitations/{self.invitation.pk}/revoke"
        )

    def test_change_role_is_for_admins(self):
        self.check(
            ADMIN_ONLY,
            "patch",
            f"/organizations/alpha/members/{self.editor_membership.pk}",
            {"role": "delegate"},
        )

    def test_remove_member_is_for_admins(self):
        self.check(
            created(ADMIN_ONLY, 204),
            "delete",
            f"/organizations/alpha/members/{self.editor_membership.pk}",
        )

    def test_create_body_is_for_admins(self):
        self.check(
            created(ADMIN_ONLY),
            "post",
            "/organizations/alpha/bodies",
            {"name": "Executive Committee"},
        )

    # --- Coalitions.

    def test_create_coalition_needs_membership_of_the_founding_org(self):
        self.check(
            created(ANY_ROLE),
            "post",
            "/coalitions",
            {"organization": "alpha", "name": "New", "slug": "new"},
        )

    def test_update_coalition_is_for_coordinators(self):
        self.check(COORDINATOR_ONLY, "patch", "/coalitions/united", {"member_list": "public"})

    def test_invite_organization_is_for_coordinators(self):
        self.check(
            created(COORDINATOR_ONLY),
            "post",
            "/coalitions/united/invitations",
            {"organization": "delta"},
        )

    def test_respond_is_for_admins_of_the_invited_org(self):
        expected = {**ADMIN_ONLY, "org_admin": 403, "outsider": 200}
        self.check(
            expected, "post", "/coalitions/united/members/beta/respond", {"answer": "accept"}
        )

    def test_leave_is_for_admins_of_the_member_org(self):
        self.check(ADMIN_ONLY, "post", "/coalitions/united/members/alpha/leave")

    def test_remove_member_org_is_for_coordinators(self):
        self.check(COORDINATOR_ONLY, "post", "/coalitions/united/members/gamma/remove")

    def test_save_platform_is_for_coordinators(self):
        self.check(
            created(COORDINATOR_ONLY),
            "post",
            "/coalitions/united/platform",
            {"points": ["A new first point"], "note": "rewrite"},
        )

    def test_add_coordinator_is_for_coordinators(self):
        self.check(
            created(COORDINATOR_ONLY),
            "post",
            "/coalitions/united/coordinators",
            {"user": self.delegate.pk},
        )

    def test_remove_coordinator_is_for_coordinators(self):
        self.check(
            created(COORDINATOR_ONLY, 204),
            "delete",
            f"/coalitions/united/coordinators/{self.second_coordinator.pk}",
        )


class ReadMatrixTestCase(ApiTestCase):
    """Private reads follow the web pages: members read, admins and coordinators audit."""

    def check(self, expected: dict[str, int], path: str) -> None:
        for via in ("session", "token"):
            for actor, status in expected.items():
                with self.subTest(actor=actor, via=via):
                    response = self.as_(actor, via).get("/api/v1" + path)
                    self.assertEqual(response.status_code, status, response.content)

    def test_members_are_read_by_any_member(self):
        self.check({**ANY_ROLE, "nomfa": 200}, "/organizations/alpha/members")

    def test_invitations_are_read_by_admins(self):
        self.check(ADMIN_ONLY, "/organizations/alpha/invitations")

    def test_org_audit_is_read_by_admins(self):
        self.check(ADMIN_ONLY, "/organizations/alpha/audit")

    def test_coalition_workspace_is_read_by_members(self):
        expected = {**ANY_ROLE, "org_admin": 200}
        for path in ("memberships", "platform/versions", "coordinators"):
            self.check(expected, f"/coalitions/united/{path}")

    def test_coalition_audit_and_candidates_are_read_by_coordinators(self):
        self.check(COORDINATOR_ONLY, "/coalitions/united/audit")
        self.check(COORDINATOR_ONLY, "/coalitions/united/coordinators/candidates")

    def test_me_needs_someone_signed_in(self):
        self.check({**dict.fromkeys(ANY_ROLE, 200), "anonymous": 401}, "/me")
