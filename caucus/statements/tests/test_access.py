"""get_statement_access: one answer to "what may this person do with this statement", which
the web views and the API both ask (a coalition's draft here: coordinators draft and accept,
members of active member organizations read it, others are refused)."""

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from caucus.accounts.mfa import VERIFIED_ATTR
from caucus.signatures.tests.helpers import make_statement
from caucus.statements.models import Status
from caucus.statements.permissions import get_statement_access
from caucus.test import BaseTestCase


class StatementAccessTestCase(BaseTestCase):
    def access(self, user, status=Status.DRAFT):
        make_statement(slug="declaration", status=status, coalition=self.coalition)
        setattr(user, VERIFIED_ATTR, True)  # as SecondFactorMiddleware marks a TOTP sign-in
        request = RequestFactory().get("/")
        request.user = user
        return get_statement_access(request, "declaration")

    def test_a_coordinator_reads_edits_and_accepts_the_draft(self):
        access = self.access(self.coordinator)
        self.assertEqual((access.read_drafts, access.edit, access.accept), (True, True, True))

    def test_a_member_organizations_delegate_reads_the_draft_only(self):
        access = self.access(self.gamma_admin)
        self.assertEqual((access.read_drafts, access.edit, access.accept), (True, False, False))

    def test_a_stranger_is_refused_the_draft_and_reads_only_what_is_published(self):
        with self.assertRaises(PermissionDenied):
            self.access(self.outsider)

    def test_a_stranger_reads_a_published_statement_and_nothing_more(self):
        access = self.access(self.outsider, status=Status.PUBLISHED)
        self.assertEqual((access.read_drafts, access.edit, access.accept), (False, False, False))
