"""Who may do what on statements through the API: every endpoint × every member of the cast.

Each row is sent through the session and with a personal token, inside a savepoint rolled
back afterwards; a refused write must leave the database as it was, an accepted one must
change it. The cast: delegate, org_admin and nomfa (no second factor) are people of alpha,
coordinator is a delegate of alpha and coordinates "united" (alpha and gamma active), outsider
is the admin of beta (not a member), operator is a superuser acting only through the admin.
"""

from django.apps import apps
from django.db import transaction

from caucus.api.tests.helpers import ApiTestCase
from caucus.statements.tests.helpers import ApiFixtures

WATCHED = [
    "statements.Statement",
    "statements.StatementVersion",
    "statements.Amendment",
    "statements.Translation",
    "statements.Republication",
    "statements.Publication",
    "statements.OpeningNotice",
    "signatures.OrganizationSignature",
    "audit.AuditEntry",
]
ROLES = ["anonymous", "outsider", "nomfa", "delegate", "org_admin", "coordinator", "operator"]
REFUSED = {"anonymous": 401, **dict.fromkeys(ROLES[1:], 403)}
# Coordinators draft a coalition's statement.
DRAFTERS = {**REFUSED, "coordinator": 200}
# People of the coalition's active member organizations read drafts and propose amendments.
READERS = {**DRAFTERS, "delegate": 200, "org_admin": 200}
# Any member of alpha with a second factor (the coordinator is a delegate of alpha).
ALPHA = READERS


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


def created(matrix: dict[str, int], code: int = 201) -> dict[str, int]:
    return {role: code if status == 200 else status for role, status in matrix.items()}


class StatementApiMatrixTestCase(ApiFixtures, ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_api_fixtures()
        cls.d = f"/statements/{cls.draft.slug}"
        cls.p = f"/statements/{cls.published.slug}"
        cls.o = f"/statements/{cls.org_draft.slug}"

    def check(self, method: str, path: str, expected: dict[str, int], body=None) -> None:
        for via in ("session", "token"):
            for role, status in expected.items():
                with self.subTest(role=role, via=via, path=path):
                    client = self.as_(role, via)
                    before = snapshot()
                    with transaction.atomic():
                        response = self.call(client, method, path, body)
                        after = snapshot()
                        transaction.set_rollback(True)
                    self.assertEqual(response.status_code, status, response.content)
                    self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
                    if method == "get":
                        continue
                    if status >= 400:
                        self.assertEqual(after, before, f"{role} changed data")
                    else:
                        self.assertNotEqual(after, before, f"{role} changed nothing")

    # --- Reading drafts.

    def test_a_draft_and_its_versions_are_read_by_the_member_organizations(self):
        expected = {**READERS, "anonymous": 403}  # a public read: 403, not "sign in"
        for path in ("", "/versions", "/versions/1", "/compare?old=1&new=2", "/translations"):
            self.check("get", self.d + path, expected)

    def test_amendments_are_read_by_the_member_organizations(self):
        for path in ("/amendments", "/amendments/1"):
            self.check("get", self.d + path, READERS)

    def test_the_drafts_of_an_organization_are_read_by_its_members(self):
        self.check("get", "/organizations/alpha/statements", ALPHA)

    def test_the_drafts_of_a_coalition_are_read_by_its_members(self):
        self.check("get", "/coalitions/united/statements", READERS)

    # --- Drafting.

    def test_starting_a_statement_for_the_coalition_is_for_coordinators(self):
        body = {"title": "T", "body": "B", "language": "en"}
        self.check("post", "/coalitions/united/statements", created(DRAFTERS), body)

    def test_starting_a_statement_for_an_organization_is_for_its_members(self):
        body = {"title": "T", "body": "B", "language": "en"}
        self.check("post", "/organizations/alpha/statements", created(ALPHA), body)

    def test_editing_the_details_is_for_drafters(self):
        self.check("patch", self.d, DRAFTERS, {"teaser": "A new teaser."})
        terms = {"signature_goal": 5000, "signing_deadline": "2030-01-01T12:00"}
        self.check("patch", self.d, DRAFTERS, terms)
        self.check("patch", self.o, ALPHA, {"teaser": "A new teaser."})

    def test_saving_a_version_is_for_drafters(self):
        body = {"title": "T", "body": "A new text.", "base": 2}
        self.check("post", self.d + "/versions", created(DRAFTERS), body)

    def test_translating_is_for_drafters(self):
        body = {"title": "T", "body": "B"}
        expected = {**DRAFTERS, "coordinator": 201}
        self.check("put", self.d + "/translations/es", expected, body)

    # --- Amendments.

    def test_proposing_is_for_the_member_organizations(self):
        body = {"kind": "delete", "passage": "stand together", "reason": "r"}
        self.check("post", self.d + "/amendments", created(READERS), body)

    def test_deciding_is_for_editors(self):
        self.check("post", self.d + "/amendments/2/accept", DRAFTERS)
        self.check("post", self.d + "/amendments/2/reject", DRAFTERS, {"reply": "No."})
        editors = {**REFUSED, "org_admin": 200}  # of alpha; its delegates propose only
        self.check("post", self.o + "/amendments/1/accept", editors)

    def test_moving_a_stale_amendment_is_for_its_proposer_and_editors(self):
        self.check("post", self.d + "/amendments/1/rebase", {**DRAFTERS, "delegate": 200})

    # --- Lifecycle.

    def test_opening_publishing_and_withdrawing_are_for_drafters(self):
        self.check("post", self.d + "/open", DRAFTERS)
        self.check("post", self.d + "/publish", DRAFTERS, {"zone": "UTC"})
        self.check("post", self.p + "/withdraw", DRAFTERS, {"reason": "Superseded."})
        self.check("post", self.o + "/open", ALPHA)

    # --- Republication and the embed.

    def test_republishing_needs_the_editor_role_in_another_organization(self):
        expected = {
            **REFUSED,
            "outsider": 201,  # admin of beta
            "org_admin": 422,  # admin of alpha: may republish, but not for beta
        }
        self.check("post", self.p + "/republications", expected, {"organization": "beta"})

    def test_public_reads_are_for_anyone_and_drafts_for_no_one(self):
        for path in ("/republications", "/embed", "/versions", "/versions/1"):
            self.check("get", self.p + path, dict.fromkeys(ROLES, 200))
        for path in ("/republications", "/embed"):
            self.check("get", self.d + path, dict.fromkeys(ROLES, 404))

    def test_an_unpublished_version_of_a_public_statement_is_for_members(self):
        self.check("get", self.p + "/versions/2", dict.fromkeys(ROLES, 200))  # published
        self.check("get", self.d + "/versions/2", {**READERS, "anonymous": 403})

    # --- Signing for organizations.

    def test_reconfirming_and_withdrawing_are_for_the_organizations_people(self):
        for action in ("reconfirm", "withdraw"):
            path = f"{self.p}/signatures/organizations/alpha/{action}"
            self.check("post", path, ALPHA)

    def test_answering_requests_to_co_sign_is_for_coordinators(self):
        self.check("get", self.p + "/signatures/requests", DRAFTERS)
        for action in ("approve", "decline"):
            path = f"{self.p}/signatures/requests/{self.request.pk}/{action}"
            self.check("post", path, DRAFTERS)
