"""Who may act on signatures: signing for an organization, answering requests, the rate view,
invalidating and exporting contacts, for every role of the cast (caucus/test.py), and signing
while the statement is published and after it is withdrawn; refusals change nothing."""

from datetime import timedelta

from django.utils import timezone

from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.statements.models import Status
from caucus.test import LOGIN, OK, PermissionMatrix, expect, refused

WATCHED = [
    "signatures.OrganizationSignature",
    "signatures.Signature",
    "signatures.SignatureCount",
    "audit.AuditEntry",
]
COORDINATORS_ONLY = expect(403, anonymous=LOGIN, coordinator=OK)
# Signing for alpha: its people with a second factor (the coordinator is alpha's delegate).
FOR_ALPHA = expect(OK, anonymous=LOGIN, outsider=403, gamma_admin=403, nomfa=403, operator=403)


def published(case) -> None:
    """The statement as set up: published, open to individuals."""


def withdrawn(case) -> None:
    case.statement.refresh_from_db()
    case.statement.status = Status.WITHDRAWN
    case.statement.save(update_fields=["status"])


class SignaturePermissionMatrixTestCase(PermissionMatrix, SignaturesTestCase):
    watched = WATCHED

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
        }

    def test_signing_for_alpha(self):
        self.check_states(
            "post",
            "/s/declaration/sign/organization/",
            {published: FOR_ALPHA, withdrawn: refused(404, FOR_ALPHA)},  # no signing form any more
            {"organization": "alpha"},
        )

    def test_signing_for_gamma_is_for_gammas_people(self):
        self.check(
            "post",
            "/s/declaration/sign/organization/",
            expect(403, anonymous=LOGIN, gamma_admin=OK),
            {"organization": "gamma"},
        )

    def test_answering_a_request(self):
        url = f"/s/declaration/signatures/manage/requests/{self.request.pk}/approve/"
        self.check("post", url, COORDINATORS_ONLY)

    def test_the_rate_view(self):
        self.check("get", "/s/declaration/signatures/manage/", COORDINATORS_ONLY)

    def test_invalidating(self):
        url = "/s/declaration/signatures/manage/invalidate/"
        # Without `confirmed`: the confirmation page, which changes nothing (issue 14).
        self.check(
            "post",
            url,
            COORDINATORS_ONLY,
            self.window,
            allowed=200,
            changes=False,
            contains='class="stack confirm-form"',
        )
        self.check("post", url, COORDINATORS_ONLY, {**self.window, "confirmed": "yes"})

    def test_exporting_contacts(self):
        # A file (200); the coordinator's export writes an audit entry (test_manage.py).
        url = "/s/declaration/signatures/manage/contacts.csv"
        self.check("post", url, COORDINATORS_ONLY, allowed=200)

    def test_exporting_contacts_by_get_is_refused(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.get("/s/declaration/signatures/manage/contacts.csv").status_code, 405
        )
