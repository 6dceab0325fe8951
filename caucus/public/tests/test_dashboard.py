"""The dashboard says what needs the signed-in person, per role, most urgent first, each
with its action; without a second factor the person reads but is sent to set one up."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.decisions import services as decisions
from caucus.decisions.tests.helpers import open_vote
from caucus.organizations.models import Invitation
from caucus.signatures.models import OrganizationSignature
from caucus.test import BaseTestCase
from caucus.testing.needs import (
    another_coalition,
    host_proposal,
    meeting,
    open_amendment,
    open_statement,
)


class DashboardTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = open_statement(cls.coalition)
        cls.amendment = open_amendment(cls.statement, cls.gamma)
        cls.proposal = host_proposal(cls.coalition)
        cls.meeting = meeting(cls.coalition)

    def setUp(self):
        self.vote = open_vote(self)

    def dashboard(self, user, **login):
        self.client.force_login(user, **login)
        return self.client.get("/dashboard/")

    def test_a_delegate_sees_the_ballot_and_the_statement_to_sign_with_their_buttons(self):
        page = self.dashboard(self.delegate)
        self.assertContains(page, "Needs you")
        self.assertContains(page, "Solidarity with the dockers")
        self.assertContains(page, f'<a class="button" href="{self.vote.get_absolute_url()}">')
        self.assertContains(page, "Closes:")
        self.assertContains(page, "Waiting for the signature of <bdi>ALPHA</bdi> (version 1).")
        self.assertContains(page, 'action="/s/draft-declaration/sign/organization/"')
        self.assertContains(page, '<input type="hidden" name="organization" value="alpha">')
        self.assertContains(page, "Sign for <bdi>ALPHA</bdi>")
        # A delegate decides no amendment and reviews no host.
        self.assertNotContains(page, "Amendment #1")
        self.assertNotContains(page, "Neighbourhood Assembly")
        self.assertContains(page, "Assembly")  # the meeting, coming up

    def test_the_most_urgent_comes_first(self):
        content = self.dashboard(self.delegate).content.decode()
        self.assertLess(
            content.index("Cast your ballot"), content.index("Sign for <bdi>ALPHA</bdi>")
        )

    def test_signing_from_the_dashboard_takes_the_item_away(self):
        self.client.force_login(self.delegate)
        self.client.post("/s/draft-declaration/sign/organization/", {"organization": "alpha"})
        self.assertTrue(
            OrganizationSignature.objects.filter(organization=self.alpha, state="signed").exists()
        )
        self.assertNotContains(self.client.get("/dashboard/"), "Sign for <bdi>ALPHA</bdi>")

    def test_a_cast_ballot_takes_the_vote_away(self):
        decisions.ballot_cast(
            vote=self.vote, organization=self.alpha, actor=self.delegate, choice="for"
        )
        self.assertNotContains(self.dashboard(self.delegate), "Cast your ballot")

    def test_a_coordinator_sees_amendments_proposals_and_their_role(self):
        page = self.dashboard(self.coordinator)
        self.assertContains(page, "Amendment #1")
        self.assertContains(page, 'href="/s/draft-declaration/amendments/1/"')
        self.assertContains(page, "Neighbourhood Assembly")
        self.assertContains(page, 'href="/campaigns/spring/hosts/"')
        self.assertContains(page, '<span class="badge role-coordinator">Coordinator</span>')
        # Creating a coalition is a plain link now, not the page's primary button.
        self.assertContains(page, '<a href="/coalitions/new/">Create a coalition</a>')

    def test_without_a_second_factor_the_items_show_but_the_buttons_do_not(self):
        page = self.dashboard(self.nomfa)
        self.assertContains(page, "Solidarity with the dockers")
        self.assertContains(page, "Waiting for the signature of <bdi>ALPHA</bdi>")
        self.assertContains(page, "Set up two-factor to act")
        self.assertNotContains(page, "Sign for <bdi>ALPHA</bdi>")
        self.assertNotContains(page, "Cast your ballot")

    def test_a_session_without_the_second_factor_is_asked_for_it(self):
        page = self.dashboard(self.delegate, second_factor=False)
        self.assertContains(page, "Confirm your second factor to act")
        self.assertNotContains(page, "Sign for <bdi>ALPHA</bdi>")

    def test_a_member_of_another_organization_sees_nothing_of_this_coalition(self):
        page = self.dashboard(self.outsider)
        for text in ("Solidarity with the dockers", "Declaration", "Assembly", "Amendment"):
            self.assertNotContains(page, text)
        self.assertContains(page, "Nothing waits for you right now.")

    def test_an_admin_answers_a_coalition_invitation(self):
        CoalitionMembership.objects.create(
            coalition=self.coalition, organization=self.beta, status=MemberStatus.INVITED
        )
        page = self.dashboard(self.outsider)
        self.assertContains(
            page, "<bdi>United Coalition</bdi> invites <bdi>Beta Union</bdi> to join."
        )
        self.assertContains(page, 'action="/coalitions/united/respond/beta/"')

    def test_a_person_sees_an_invitation_to_their_address(self):
        Invitation.objects.create(
            organization=self.gamma, email=self.outsider.email, role="delegate"
        )
        page = self.dashboard(self.outsider)
        self.assertContains(page, "<bdi>Gamma Union</bdi> invites you to join as Delegate.")
        self.assertContains(page, 'href="/invitations/')


class DashboardQueriesTestCase(BaseTestCase):
    """The number of queries does not grow with the person's coalitions and their items."""

    QUERIES = 18

    def fill(self, n: int) -> None:
        coalition = another_coalition(f"c{n}", [self.alpha, self.gamma], self.coordinator)
        statement = open_statement(coalition, slug=f"s{n}")
        open_amendment(statement, self.gamma)
        host_proposal(coalition, slug=f"camp{n}")
        meeting(coalition)

    def count(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        return len(queries)

    def test_the_query_count_is_pinned(self):
        self.client.force_login(self.coordinator)
        self.fill(1)
        open_vote(self)
        few = self.count()
        for n in range(2, 6):
            self.fill(n)
        with self.assertNumQueries(self.QUERIES):
            page = self.client.get("/dashboard/")
        self.assertContains(page, "Amendment #1", count=5)
        self.assertEqual(few, self.QUERIES)
