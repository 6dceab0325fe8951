"""The lists of an organization's and a coalition's statements, for every role of the cast
(audit #12: the organization's list was a 500 for every member: the template read a variable
it did not have)."""

from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect


class StatementListsTestCase(PermissionMatrix, StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_org_draft()
        cls.make_coalition_draft()

    def lists(self, title: str, own: str, other: str):
        """A check for `then`: the list's own drafts, not the other one's."""

        def then(role, response):
            if response.status_code == 200:
                self.assertContains(response, title)
                self.assertContains(response, own)
                self.assertNotContains(response, other)

        return then

    def test_every_member_of_the_organization_reads_its_list(self):
        # Drafts are listed: a member without a second factor is asked to set one up (403).
        alpha = expect(403, anonymous=LOGIN, delegate=OK, editor=OK, org_admin=OK, coordinator=OK)
        then = self.lists(
            "Statements of <bdi>Alpha Union</bdi>", "Alpha statement", "Joint declaration"
        )
        self.check("get", "/orgs/alpha/statements/", alpha, then=then)

    def test_every_member_of_the_coalition_reads_its_list(self):
        members = expect(OK, anonymous=LOGIN, outsider=403, nomfa=403, operator=403)
        then = self.lists(
            "Statements of <bdi>United Coalition</bdi>", "Joint declaration", "Alpha statement"
        )
        self.check("get", "/coalitions/united/statements/", members, then=then)
