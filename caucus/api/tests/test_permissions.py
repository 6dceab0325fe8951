"""Who may do what through the API: every write endpoint × every member of the cast.

Each row is sent once through the session and once with a personal token (caucus/test.py,
ApiMatrix); a refused request must leave the database as it was, an accepted one must change
it. Here gamma_admin is also a coordinator of "united" and beta (outsider's) is invited to it.
"""

from django.utils import timezone

from caucus.api.tests.helpers import ApiTestCase, png
from caucus.coalitions.models import CoalitionMembership, Coordinator, MemberStatus
from caucus.organizations.models import Invitation, Membership, Organization, Role
from caucus.test import OK, expect

# Alpha's admin.
ADMIN_ONLY = expect(403, anonymous=401, org_admin=OK)
# Anyone of alpha with a second factor.
ANY_ROLE = {**ADMIN_ONLY, "delegate": OK, "editor": OK, "coordinator": OK}
# The coordinators of "united": coordinator, and gamma_admin here.
COORDINATOR_ONLY = expect(403, anonymous=401, coordinator=OK, gamma_admin=OK)


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

    # --- Organizations.

    def test_update_profile_needs_any_role_and_a_second_factor(self):
        self.check_api("patch", "/organizations/alpha", ANY_ROLE, {"name": "Alpha Workers"})

    def test_upload_logo_needs_any_role_and_a_second_factor(self):
        self.check_api(
            "post",
            "/organizations/alpha/logo",
            ANY_ROLE,
            lambda: {"logo": png()},
            multipart=True,
            allowed=200,
        )

    def test_invite_is_for_admins(self):
        self.check_api(
            "post",
            "/organizations/alpha/invitations",
            ADMIN_ONLY,
            {"email": "new@example.org", "role": "delegate"},
            allowed=201,
        )

    def test_revoke_invitation_is_for_admins(self):
        self.check_api(
            "post", f"/organizations/alpha/invitations/{self.invitation.pk}/revoke", ADMIN_ONLY
        )

    def test_change_role_is_for_admins(self):
        self.check_api(
            "patch",
            f"/organizations/alpha/members/{self.editor_membership.pk}",
            ADMIN_ONLY,
            {"role": "delegate"},
        )

    def test_remove_member_is_for_admins(self):
        self.check_api(
            "delete",
            f"/organizations/alpha/members/{self.editor_membership.pk}",
            ADMIN_ONLY,
            allowed=204,
        )

    def test_create_body_is_for_admins(self):
        self.check_api(
            "post",
            "/organizations/alpha/bodies",
            ADMIN_ONLY,
            {"name": "Executive Committee"},
            allowed=201,
        )

    # --- Coalitions.

    def test_create_coalition_needs_membership_of_the_founding_org(self):
        self.check_api(
            "post",
            "/coalitions",
            ANY_ROLE,
            {"organization": "alpha", "name": "New", "slug": "new"},
            allowed=201,
        )

    def test_update_coalition_is_for_coordinators(self):
        self.check_api("patch", "/coalitions/united", COORDINATOR_ONLY, {"member_list": "public"})

    def test_invite_organization_is_for_coordinators(self):
        self.check_api(
            "post",
            "/coalitions/united/invitations",
            COORDINATOR_ONLY,
            {"organization": "delta"},
            allowed=201,
        )

    def test_respond_is_for_admins_of_the_invited_org(self):
        expected = {**ADMIN_ONLY, "org_admin": 403, "outsider": 200}
        self.check_api(
            "post", "/coalitions/united/members/beta/respond", expected, {"answer": "accept"}
        )

    def test_leave_is_for_admins_of_the_member_org(self):
        self.check_api("post", "/coalitions/united/members/alpha/leave", ADMIN_ONLY)

    def test_remove_member_org_is_for_coordinators(self):
        self.check_api("post", "/coalitions/united/members/gamma/remove", COORDINATOR_ONLY)

    def test_save_platform_is_for_coordinators(self):
        self.check_api(
            "post",
            "/coalitions/united/platform",
            COORDINATOR_ONLY,
            {"points": ["A new first point"], "note": "rewrite"},
            allowed=201,
        )

    def test_add_coordinator_is_for_coordinators(self):
        self.check_api(
            "post",
            "/coalitions/united/coordinators",
            COORDINATOR_ONLY,
            {"user": self.delegate.pk},
            allowed=201,
        )

    def test_remove_coordinator_is_for_coordinators(self):
        self.check_api(
            "delete",
            f"/coalitions/united/coordinators/{self.second_coordinator.pk}",
            COORDINATOR_ONLY,
            allowed=204,
        )


class ReadMatrixTestCase(ApiTestCase):
    """Private reads follow the web pages: members read, admins and coordinators audit."""

    def read(self, expected: dict, path: str) -> None:
        self.check_api("get", path, expected)

    def test_members_are_read_by_any_member(self):
        self.read({**ANY_ROLE, "nomfa": 200}, "/organizations/alpha/members")

    def test_invitations_are_read_by_admins(self):
        self.read(ADMIN_ONLY, "/organizations/alpha/invitations")

    def test_org_audit_is_read_by_admins(self):
        self.read(ADMIN_ONLY, "/organizations/alpha/audit")

    def test_coalition_workspace_is_read_by_members(self):
        expected = {**ANY_ROLE, "gamma_admin": OK}  # gamma is an active member too
        for path in ("memberships", "platform/versions", "coordinators"):
            self.read(expected, f"/coalitions/united/{path}")

    def test_coalition_audit_and_candidates_are_read_by_coordinators(self):
        coordinator = {**COORDINATOR_ONLY, "gamma_admin": 403}  # not one in this class
        self.read(coordinator, "/coalitions/united/audit")
        self.read(coordinator, "/coalitions/united/coordinators/candidates")

    def test_me_needs_someone_signed_in(self):
        self.read({**dict.fromkeys(ANY_ROLE, 200), "anonymous": 401}, "/me")
