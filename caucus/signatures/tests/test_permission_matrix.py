"""Who may act on signatures: signing for an organization, answering requests, the rate view,
invalidating and exporting contacts, for every role; refusals change nothing."""

from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.tests.helpers import SignaturesTestCase

ROLES = ["anonymous", "outsider", "nomfa", "delegate", "org_admin", "coordinator", "operator"]
OK = (200, 302)
LOGIN = "login"
WATCHED = [
    "signatures.OrganizationSignature",
    "signatures.Signature",
    "signatures.SignatureCount",
    "audit.AuditEntry",
]


def snapshot() -> dict:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


COORDINATORS_ONLY = {
    "anonymous": LOGIN,
    "outsider": 403,
    "nomfa": 403,
    "delegate": 403,
    "org_admin": 403,
    "coordinator": OK,
    "operator": 403,
}


class SignaturePermissionMatrixTestCase(SignaturesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.request = OrganizationSignature.objects.create(
            statement=cls.statement,
            organization=cls.beta,
            version=cls.statement.published_version,
            state=OrgState.REQUESTED,
        )
        Signature.objects.create(
            statement=cls.statement,
            name="Spam Bot",
            email="bot@spam.example",
            email_index="x" * 64,
            email_domain="spam.example",
            ip_prefix="203.0.113.0/24",
            state=State.CONFIRMED,
            confirmed_at=now,
            may_contact=True,
        )
        cls.window = {
            "start": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "end": (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "domain": "spam.example",
            "confirm": "on",
        }

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

    def test_signing_for_alpha(self):
        self.check(
            "post",
            "/s/declaration/sign/organization/",
            {
                "anonymous": LOGIN,
                "outsider": 403,  # admin of beta, not of alpha
                "nomfa": 403,  # no second factor
                "delegate": OK,
                "org_admin": OK,
                "coordinator": OK,
                "operator": 403,
            },
            {"organization": "alpha"},
        )

    def test_answering_a_request(self):
        url = f"/s/declaration/signatures/manage/requests/{self.request.pk}/approve/"
        self.check("post", url, COORDINATORS_ONLY)

    def test_the_rate_view(self):
        expected = {**COORDINATORS_ONLY, "coordinator": 200}
        self.check("get", "/s/declaration/signatures/manage/", expected)

    def test_invalidating(self):
        self.check(
            "post", "/s/declaration/signatures/manage/invalidate/", COORDINATORS_ONLY, self.window
        )

    def test_exporting_contacts(self):
        expected = {**COORDINATORS_ONLY, "coordinator": 200}
        self.check("post", "/s/declaration/signatures/manage/contacts.csv", expected)
        # (the coordinator's export writes an audit entry: asserted in test_manage.py)

    def test_exporting_contacts_by_get_is_refused(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.get("/s/declaration/signatures/manage/contacts.csv").status_code, 405
        )
