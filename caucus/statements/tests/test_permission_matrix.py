"""Who may do what on statements: every URL that changes data or shows a draft, for every role.

Each request runs in a savepoint rolled back afterwards; a refused request changes nothing.
The draft belongs to the coalition "united" (alpha and gamma active; coordinator coordinates).
"""

from django.apps import apps
from django.db import transaction

from caucus.public.tests.test_permission_matrix import LOGIN, OK, ROLES
from caucus.statements import services
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

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


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


class StatementPermissionMatrixTestCase(StatementFixtures, BaseTestCase):
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

    def check(self, method, url, expected, data=None, *, json=False):
        for role in ROLES:
            with self.subTest(role=role, url=url), transaction.atomic():
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                before = snapshot()
                extra = {"content_type": "application/json"} if json else {}
                response = getattr(self.client, method)(url, data or {}, **extra)
                want = expected[role]
                if want == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("/accounts/login/", response["Location"])
                elif want == OK:
                    self.assertIn(response.status_code, (*OK, 201))  # 201: the API created it
                else:
                    self.assertEqual(response.status_code, want)
                if want != OK and method in ("post", "put"):
                    self.assertTrue(snapshot() == before, f"{role} changed data at {url}")
                elif want == OK and method in ("post", "put"):
                    self.assertTrue(snapshot() != before, f"{role} did nothing at {url}")
                transaction.set_rollback(True)

    def drafters(self, **override):
        """Coordinators draft a coalition statement; its member orgs' people propose."""
        base = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": 403,
            "delegate": 403,
            "org_admin": 403,
            "coordinator": OK,
            "operator": 403,
        }
        return {**base, **override}

    def test_reading_the_draft_workspace(self):
        url = f"/s/{self.draft.slug}/draft/"
        self.check("get", url, self.drafters(delegate=OK, org_admin=OK, nomfa=MFA))

    def test_a_draft_is_not_public(self):
        expected = dict.fromkeys(ROLES, 404)
        self.check("get", f"/s/{self.draft.slug}/", expected)

    def test_editing_the_text(self):
        data = {"title": "T", "body": "New text", "base": "1"}
        self.check("post", f"/s/{self.draft.slug}/edit/", self.drafters(), data)

    def test_editing_the_details(self):
        data = {"language": "es", "dateline_date": "2026-01-01"}
        self.check("post", f"/s/{self.draft.slug}/details/", self.drafters(), data)
        terms = {**data, "signature_goal": "5000", "signing_deadline": "2030-01-01T12:00"}
        self.check("post", f"/s/{self.draft.slug}/details/", self.drafters(), terms)

    def test_proposing_an_amendment(self):
        data = {"kind": "replace", "passage": "stand together", "replacement": "x", "reason": "r"}
        expected = self.drafters(delegate=OK, org_admin=OK, nomfa=MFA)
        self.check("post", f"/s/{self.draft.slug}/amendments/new/", expected, data)

    def test_accepting_and_rejecting_an_amendment(self):
        base = f"/s/{self.draft.slug}/amendments/1/"
        expected = self.drafters(nomfa=MFA)
        self.check("post", base + "accept/", expected)
        self.check("post", base + "reject/", expected, {"reply": "No"})

    def test_lifecycle(self):
        slug = self.draft.slug
        self.check("post", f"/s/{slug}/open/", self.drafters())
        self.check("post", f"/s/{slug}/publish/", self.drafters(), {"zone": "UTC"})
        self.check(
            "post", f"/s/{self.published.slug}/withdraw/", self.drafters(), {"reason": "Why"}
        )

    def test_translating(self):
        data = {"language": "es", "title": "T", "body": "B", "kind": "human"}
        self.check("post", f"/s/{self.draft.slug}/translations/new/", self.drafters(), data)

    def test_translating_through_the_api(self):
        data = {"title": "T", "body": "B", "kind": "machine"}
        expected = self.drafters(anonymous=401)
        for statement in (self.draft, self.published):
            url = f"/api/v1/statements/{statement.slug}/translations/es"
            self.check("put", url, {**expected, "nomfa": 403}, data, json=True)

    def test_scheduling_a_revision(self):
        services.version_create(
            statement=self.published, actor=self.coordinator, title="T", body="Revised"
        )
        data = {"published_at": "2099-01-01T10:00", "zone": "UTC"}
        self.check("post", f"/s/{self.published.slug}/publish/", self.drafters(), data)

    def test_an_organization_draft_is_drafted_by_its_members(self):
        data = {"title": "T", "body": "New", "base": "1"}
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": MFA,
            "delegate": OK,
            "org_admin": OK,
            "coordinator": OK,  # a delegate of alpha
            "operator": 403,
        }
        self.check("post", f"/s/{self.org_draft.slug}/edit/", expected, data)

    def test_republishing(self):
        expected = {
            "anonymous": LOGIN,
            "outsider": OK,  # admin of beta
            "nomfa": 403,
            "delegate": 403,
            "org_admin": 400,  # admin of alpha: may republish, but not for beta
            "coordinator": 403,
            "operator": 403,
        }
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
        self.check(
            "post",
            "/coalitions/united/statements/new/",
            self.drafters(nomfa=MFA, delegate=403),
            data,
        )
        org = {**data, "author": "org"}
        expected = {
            "anonymous": LOGIN,
            "outsider": 403,
            "nomfa": MFA,
            "delegate": OK,
            "org_admin": OK,
            "coordinator": OK,
            "operator": 403,
        }
        self.check("post", "/orgs/alpha/statements/new/", expected, org)
