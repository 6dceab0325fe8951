"""Who may do what on statements: every URL that changes data or shows a draft, for every role
of the cast (caucus/test.py), and in each state of a statement: draft, open for signatures by
organizations, published, withdrawn.

Each request runs in a savepoint rolled back afterwards; a refused request changes nothing.
The draft belongs to the coalition "united" (alpha and gamma active; coordinator coordinates).
"""

from caucus.statements import services
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect, on_test_day, refused

WATCHED = [
    "statements.Statement",
    "statements.StatementVersion",
    "statements.Amendment",
    "statements.Translation",
    "statements.Republication",
    "statements.Publication",
    "audit.AuditEntry",
]
MFA = 403  # MFARequired renders the 403 page
# A coalition statement is drafted by its coordinators.
DRAFTERS = expect(403, anonymous=LOGIN, coordinator=OK)
# People of the coalition's active members (alpha, gamma) read the draft and propose amendments.
MEMBERS = expect(OK, anonymous=LOGIN, outsider=403, nomfa=MFA, operator=403)
# alpha's statement: drafted by any of alpha's people (the coordinator is alpha's delegate).
ALPHA = expect(OK, anonymous=LOGIN, outsider=403, gamma_admin=403, nomfa=MFA, operator=403)
EVERYONE = expect(OK)
# A button that cannot act in this state goes back to the workspace with a message (302),
# and changes nothing.
BACK = 302
NOBODY_SEES = expect(404)


def draft(case) -> None:
    """The statement as set up: a coalition draft with an amendment by the delegate."""


def opened(case) -> None:
    case.draft.refresh_from_db()  # each role starts from the rolled-back row
    services.statement_open(statement=case.draft, actor=case.coordinator)


def published(case) -> None:
    case.draft.refresh_from_db()
    services.statement_publish(statement=case.draft, actor=case.coordinator)


def withdrawn(case) -> None:
    published(case)
    case.draft.refresh_from_db()
    services.statement_withdraw(statement=case.draft, actor=case.coordinator, reason="Why")


STATES = (draft, opened, published, withdrawn)


@on_test_day
class StatementPermissionMatrixTestCase(PermissionMatrix, StatementFixtures, BaseTestCase):
    watched = WATCHED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_coalition_draft()
        cls.amendment = services.amendment_propose(
            statement=cls.draft,
            actor=cls.delegate,
            version=cls.draft.current_version,
            kind="delete",
            passage="fair pay",
            replacement="",
            reason="r",
        )
        cls.published = cls.make_published(title="Published one")
        cls.org_draft = cls.make_org_draft()

    def test_the_public_page_in_every_state(self):
        self.check_states(
            "get",
            f"/s/{self.draft.slug}/",
            {draft: NOBODY_SEES, opened: NOBODY_SEES, published: EVERYONE, withdrawn: EVERYONE},
        )

    def test_the_draft_workspace_in_every_state(self):
        self.check_states("get", f"/s/{self.draft.slug}/draft/", dict.fromkeys(STATES, MEMBERS))

    def test_editing_the_text(self):
        data = {"title": "T", "body": "New text", "base": "1"}
        self.check_states(
            "post",
            f"/s/{self.draft.slug}/edit/",
            {  # a published text gets a new version; a withdrawn one no longer changes
                draft: DRAFTERS,
                opened: DRAFTERS,
                published: DRAFTERS,
                withdrawn: refused(400, DRAFTERS),
            },
            data,
        )

    def test_editing_the_details(self):
        data = {"language": "es", "dateline_date": "2026-01-01"}
        self.check("post", f"/s/{self.draft.slug}/details/", DRAFTERS, data)
        terms = {**data, "signature_goal": "5000", "signing_deadline": "2030-01-01T12:00"}
        self.check("post", f"/s/{self.draft.slug}/details/", DRAFTERS, terms)

    def test_proposing_an_amendment(self):
        data = {"kind": "replace", "passage": "stand together", "replacement": "x", "reason": "r"}
        self.check_states(
            "post",
            f"/s/{self.draft.slug}/amendments/new/",
            {
                draft: MEMBERS,
                opened: MEMBERS,
                published: refused(400, MEMBERS),
                withdrawn: refused(400, MEMBERS),
            },
            data,
        )

    def test_accepting_and_rejecting_an_amendment(self):
        base = f"/s/{self.draft.slug}/amendments/{self.amendment.number}/"
        deciders = {**DRAFTERS, "nomfa": MFA}
        self.check_states(
            "post",
            base + "accept/",
            {
                draft: deciders,
                opened: deciders,
                published: refused(BACK, deciders),
                withdrawn: refused(BACK, deciders),
            },
        )
        self.check_states(
            "post",
            base + "reject/",
            {
                draft: deciders,
                opened: deciders,
                published: refused(400, deciders),
                withdrawn: refused(400, deciders),
            },
            {"reply": "No"},
        )

    def test_opening_for_signatures(self):
        self.check_states(
            "post",
            f"/s/{self.draft.slug}/open/",
            {
                draft: DRAFTERS,
                opened: refused(BACK, DRAFTERS),
                published: refused(BACK, DRAFTERS),
                withdrawn: refused(BACK, DRAFTERS),
            },
        )

    def test_publishing(self):
        self.check_states(
            "post",
            f"/s/{self.draft.slug}/publish/",
            {
                draft: DRAFTERS,
                opened: DRAFTERS,
                published: refused(400, DRAFTERS),  # nothing new to publish
                withdrawn: refused(400, DRAFTERS),
            },
            {"zone": "UTC"},
        )

    def test_withdrawing(self):
        self.check_states(
            "post",
            f"/s/{self.draft.slug}/withdraw/",
            {
                draft: refused(400, DRAFTERS),
                opened: refused(400, DRAFTERS),
                published: DRAFTERS,
                withdrawn: refused(400, DRAFTERS),
            },
            {"reason": "Why"},
        )

    def test_translating(self):
        data = {"language": "es", "title": "T", "body": "B", "kind": "human"}
        self.check_states(
            "post",
            f"/s/{self.draft.slug}/translations/new/",
            {
                draft: DRAFTERS,
                opened: DRAFTERS,
                published: DRAFTERS,
                withdrawn: refused(400, DRAFTERS),
            },
            data,
        )

    def test_translating_through_the_api(self):
        data = {"title": "T", "body": "B", "kind": "machine"}
        expected = {**DRAFTERS, "anonymous": 401}
        for statement in (self.draft, self.published):
            url = f"/api/v1/statements/{statement.slug}/translations/es"
            self.check("put", url, expected, data, json=True, allowed=201)

    def test_scheduling_a_revision(self):
        services.version_create(
            statement=self.published, actor=self.coordinator, title="T", body="Revised"
        )
        data = {"published_at": "2099-01-01T10:00", "zone": "UTC"}
        self.check("post", f"/s/{self.published.slug}/publish/", DRAFTERS, data)

    def test_an_organization_draft_is_drafted_by_its_members(self):
        data = {"title": "T", "body": "New", "base": "1"}
        self.check("post", f"/s/{self.org_draft.slug}/edit/", ALPHA, data)

    def test_republishing(self):
        expected = expect(
            403,
            anonymous=LOGIN,
            outsider=OK,  # admin of beta
            org_admin=400,  # alpha's admin and editor: may republish, but not for beta
            editor=400,
            gamma_admin=400,  # likewise for gamma
        )
        data = {"organization": "beta", "note": ""}
        self.check("post", f"/s/{self.published.slug}/republish/", expected, data)

    def test_creating(self):
        data = {
            "author": "coalition",
            "title": "T",
            "body": "B",
            "language": "en",
            "dateline_date": "2026-01-01",
        }
        self.check("post", "/coalitions/united/statements/new/", {**DRAFTERS, "nomfa": MFA}, data)
        org = {**data, "author": "org"}
        self.check("post", "/orgs/alpha/statements/new/", ALPHA, org)
