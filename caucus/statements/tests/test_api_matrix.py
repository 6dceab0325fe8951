"""Who may do what on statements through the API: every endpoint × every member of the cast.

Each row is sent through the session and with a personal token, inside a savepoint rolled
back afterwards; a refused write must leave the database as it was, an accepted one must
change it (caucus/test.py, ApiMatrix). The cast: delegate, editor, org_admin and nomfa
(no second factor) are people of alpha, coordinator is a delegate of alpha and coordinates
"united" (alpha and gamma active), gamma_admin is the admin of gamma, outsider is the admin of
beta (not a member), operator is a superuser acting only through the admin.
"""

from caucus.api.tests.helpers import ApiTestCase
from caucus.statements.tests.helpers import WATCHED, ApiFixtures
from caucus.test import OK, expect, on_test_day

# Coordinators draft a coalition's statement.
DRAFTERS = expect(403, anonymous=401, coordinator=OK)
# People of the coalition's active member organizations (alpha, gamma) read drafts and propose
# amendments.
READERS = expect(OK, anonymous=401, outsider=403, nomfa=403, operator=403)
# Any member of alpha with a second factor (the coordinator is a delegate of alpha).
ALPHA = {**READERS, "gamma_admin": 403}
EVERYONE = expect(OK)
NOBODY = expect(404)


@on_test_day
class StatementApiMatrixTestCase(ApiFixtures, ApiTestCase):
    watched = WATCHED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_api_fixtures()
        cls.d = f"/statements/{cls.draft.slug}"
        cls.p = f"/statements/{cls.published.slug}"
        cls.o = f"/statements/{cls.org_draft.slug}"

    # --- Reading drafts.

    def test_a_draft_and_its_versions_are_read_by_the_member_organizations(self):
        expected = {**READERS, "anonymous": 403}  # a public read: 403, not "sign in"
        for path in ("", "/versions", "/versions/1", "/compare?old=1&new=2", "/translations"):
            self.check_api("get", self.d + path, expected)

    def test_amendments_are_read_by_the_member_organizations(self):
        for path in ("/amendments", "/amendments/1"):
            self.check_api("get", self.d + path, READERS)

    def test_the_drafts_of_an_organization_are_read_by_its_members(self):
        self.check_api("get", "/organizations/alpha/statements", ALPHA)

    def test_the_drafts_of_a_coalition_are_read_by_its_members(self):
        self.check_api("get", "/coalitions/united/statements", READERS)

    # --- Drafting.

    def test_starting_a_statement_for_the_coalition_is_for_coordinators(self):
        body = {"title": "T", "body": "B", "language": "en"}
        self.check_api("post", "/coalitions/united/statements", DRAFTERS, body, allowed=201)

    def test_starting_a_statement_for_an_organization_is_for_its_members(self):
        body = {"title": "T", "body": "B", "language": "en"}
        self.check_api("post", "/organizations/alpha/statements", ALPHA, body, allowed=201)

    def test_editing_the_details_is_for_drafters(self):
        self.check_api("patch", self.d, DRAFTERS, {"teaser": "A new teaser."})
        terms = {"signature_goal": 5000, "signing_deadline": "2030-01-01T12:00"}
        self.check_api("patch", self.d, DRAFTERS, terms)
        self.check_api("patch", self.o, ALPHA, {"teaser": "A new teaser."})

    def test_saving_a_version_is_for_drafters(self):
        body = {"title": "T", "body": "A new text.", "base": 2}
        self.check_api("post", self.d + "/versions", DRAFTERS, body, allowed=201)

    def test_translating_is_for_drafters(self):
        body = {"title": "T", "body": "B"}
        self.check_api("put", self.d + "/translations/es", DRAFTERS, body, allowed=201)

    # --- Amendments.

    def test_proposing_is_for_the_member_organizations(self):
        body = {"kind": "delete", "passage": "stand together", "reason": "r"}
        self.check_api("post", self.d + "/amendments", READERS, body, allowed=201)

    def test_deciding_is_for_editors(self):
        self.check_api("post", self.d + "/amendments/2/accept", DRAFTERS)
        self.check_api("post", self.d + "/amendments/2/reject", DRAFTERS, {"reply": "No."})
        editors = {**DRAFTERS, "coordinator": 403, "editor": OK, "org_admin": OK}  # of alpha
        self.check_api("post", self.o + "/amendments/1/accept", editors)

    def test_moving_a_stale_amendment_is_for_its_proposer_and_editors(self):
        self.check_api("post", self.d + "/amendments/1/rebase", {**DRAFTERS, "delegate": OK})

    # --- Lifecycle.

    def test_opening_publishing_and_withdrawing_are_for_drafters(self):
        self.check_api("post", self.d + "/open", DRAFTERS)
        self.check_api("post", self.d + "/publish", DRAFTERS, {"zone": "UTC"})
        self.check_api("post", self.p + "/withdraw", DRAFTERS, {"reason": "Superseded."})
        self.check_api("post", self.o + "/open", ALPHA)

    # --- Republication and the embed.

    def test_republishing_needs_the_editor_role_in_another_organization(self):
        expected = expect(
            403,
            anonymous=401,
            outsider=OK,  # admin of beta
            org_admin=422,  # alpha's admin and editor, gamma's admin: not for beta
            editor=422,
            gamma_admin=422,
        )
        body = {"organization": "beta"}
        self.check_api("post", self.p + "/republications", expected, body, allowed=201)

    def test_public_reads_are_for_anyone_and_drafts_for_no_one(self):
        for path in ("/republications", "/embed", "/versions", "/versions/1"):
            self.check_api("get", self.p + path, EVERYONE)
        for path in ("/republications", "/embed"):
            self.check_api("get", self.d + path, NOBODY)

    def test_an_unpublished_version_of_a_public_statement_is_for_members(self):
        self.check_api("get", self.p + "/versions/2", EVERYONE)  # published
        self.check_api("get", self.d + "/versions/2", {**READERS, "anonymous": 403})

    # --- Signing for organizations.

    def test_reconfirming_and_withdrawing_are_for_the_organizations_people(self):
        for action in ("reconfirm", "withdraw"):
            path = f"{self.p}/signatures/organizations/alpha/{action}"
            self.check_api("post", path, ALPHA)

    def test_answering_requests_to_co_sign_is_for_coordinators(self):
        self.check_api("get", self.p + "/signatures/requests", DRAFTERS)
        for action in ("approve", "decline"):
            path = f"{self.p}/signatures/requests/{self.request.pk}/{action}"
            self.check_api("post", path, DRAFTERS)
