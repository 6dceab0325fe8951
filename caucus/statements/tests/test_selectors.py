"""statements.selectors: amendments waiting for a decision, an organization's statements."""

from caucus.signatures.tests.helpers import make_statement
from caucus.statements.models import AmendmentState, Status
from caucus.statements.selectors import amendments_to_decide, authored_by
from caucus.test import BaseTestCase
from caucus.testing.needs import open_amendment, open_statement


class AmendmentsToDecideTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coalition_amendment = open_amendment(open_statement(cls.coalition), cls.gamma)
        own = make_statement(slug="alpha-draft", status=Status.DRAFT, organization=cls.alpha)
        cls.own_amendment = open_amendment(own, cls.alpha)

    def test_coordinators_decide_the_coalitions_and_editors_their_organizations(self):
        self.assertEqual(list(amendments_to_decide(self.coordinator)), [self.coalition_amendment])
        self.assertEqual(list(amendments_to_decide(self.editor)), [self.own_amendment])
        self.assertEqual(list(amendments_to_decide(self.org_admin)), [self.own_amendment])

    def test_delegates_and_others_decide_nothing(self):
        for user in (self.delegate, self.nomfa, self.gamma_admin, self.outsider):
            self.assertEqual(list(amendments_to_decide(user)), [], user)

    def test_decided_amendments_are_done(self):
        self.own_amendment.state = AmendmentState.REJECTED
        self.own_amendment.save()
        self.assertEqual(list(amendments_to_decide(self.editor)), [])


class AuthoredByTestCase(BaseTestCase):
    def test_only_public_statements_of_the_organization(self):
        published = make_statement(slug="own", organization=self.alpha)
        make_statement(slug="own-draft", status=Status.DRAFT, organization=self.alpha)
        make_statement(slug="coalition", coalition=self.coalition)
        self.assertEqual(list(authored_by(self.alpha)), [published])
