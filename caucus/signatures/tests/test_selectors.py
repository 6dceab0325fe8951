"""signatures.selectors: what waits for an organization's signature, and the tracker."""

from caucus.signatures import services
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.selectors import (
    awaiting_signature,
    cosigned_by,
    cosigning_tracker,
    signed_current_count,
)
from caucus.signatures.tests.helpers import make_statement, publish_new_version
from caucus.statements.models import Status
from caucus.test import BaseTestCase
from caucus.testing.needs import open_statement


class AwaitingSignatureTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = open_statement(cls.coalition)

    def test_every_member_organizations_people_see_it_until_it_signs(self):
        [item] = awaiting_signature(self.delegate)
        self.assertEqual(
            (item.statement, item.organization, item.reconfirm), (self.statement, self.alpha, False)
        )
        services.organization_sign(
            statement=self.statement, organization=self.alpha, actor=self.editor
        )
        self.assertEqual(awaiting_signature(self.delegate), [])
        self.assertEqual(len(awaiting_signature(self.gamma_admin)), 1)

    def test_a_withdrawn_signature_waits_again(self):
        signature = services.organization_sign(
            statement=self.statement, organization=self.alpha, actor=self.editor
        )
        services.organization_withdraw(signature=signature, actor=self.editor)
        [item] = awaiting_signature(self.delegate)
        self.assertEqual(item.signature.state, OrgState.WITHDRAWN)

    def test_organizations_outside_the_coalition_see_nothing(self):
        self.assertEqual(awaiting_signature(self.outsider), [])

    def test_an_organization_that_signed_an_older_version_is_asked_to_reconfirm(self):
        published = make_statement(slug="published", coalition=self.coalition)
        services.organization_sign(
            statement=published, organization=self.gamma, actor=self.gamma_admin
        )
        self.assertEqual(awaiting_signature(self.gamma_admin)[1:], [])
        publish_new_version(published)
        reconfirm = [i for i in awaiting_signature(self.gamma_admin) if i.reconfirm]
        self.assertEqual(
            [(i.statement, i.organization) for i in reconfirm], [(published, self.gamma)]
        )

    def test_it_is_four_queries(self):
        for n in range(3):
            open_statement(self.coalition, slug=f"more-{n}")
        with self.assertNumQueries(4):
            self.assertEqual(len(awaiting_signature(self.delegate)), 4)


class TrackerTestCase(BaseTestCase):
    def test_each_member_organization_with_the_version_it_signed(self):
        statement = open_statement(self.coalition)
        services.organization_sign(
            statement=statement, organization=self.gamma, actor=self.gamma_admin
        )
        rows = cosigning_tracker(statement)
        self.assertEqual(
            [(r.organization, r.state) for r in rows],
            [(self.alpha, "missing"), (self.gamma, "signed")],
        )
        self.assertEqual(signed_current_count(rows), (1, 2))
        self.assertTrue(rows[0].waiting)
        self.assertFalse(rows[1].waiting)
        self.assertEqual(rows[1].signature.signed_by, self.gamma_admin)

    def test_an_older_version_is_outdated(self):
        statement = make_statement(coalition=self.coalition)
        services.organization_sign(
            statement=statement, organization=self.alpha, actor=self.delegate
        )
        publish_new_version(statement)
        statement.refresh_from_db()
        states = {r.organization: r.state for r in cosigning_tracker(statement)}
        self.assertEqual(states, {self.alpha: "outdated", self.gamma: "missing"})

    def test_outside_co_signers_follow_the_members(self):
        statement = make_statement(coalition=self.coalition)
        services.organization_sign(statement=statement, organization=self.beta, actor=self.outsider)
        rows = cosigning_tracker(statement)
        self.assertEqual(
            [(r.organization, r.member, r.state) for r in rows][-1], (self.beta, False, "requested")
        )
        self.assertEqual(signed_current_count(rows), (0, 2))


class CosignedByTestCase(BaseTestCase):
    def test_published_statements_of_others_it_signed(self):
        statement = make_statement(coalition=self.coalition)
        draft = make_statement(slug="draft", status=Status.OPEN, coalition=self.coalition)
        for s in (statement, draft):
            services.organization_sign(statement=s, organization=self.alpha, actor=self.delegate)
        self.assertEqual([s.statement for s in cosigned_by(self.alpha)], [statement])
        OrganizationSignature.objects.filter(statement=statement).update(state=OrgState.WITHDRAWN)
        self.assertEqual(list(cosigned_by(self.alpha)), [])
