"""The lists of an organization's and a coalition's statements, for every role (audit #12: the
organization's list was a 500 for every member: the template read a variable it did not have)."""

from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase

ROLES = ["anonymous", "outsider", "nomfa", "delegate", "editor", "org_admin", "coordinator"]


class StatementListsTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_org_draft()
        cls.make_coalition_draft()

    def read(self, role: str, url: str):
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(getattr(self, role))
        return self.client.get(url)

    def test_every_member_of_the_organization_reads_its_list(self):
        # Drafts are listed: a member without a second factor is asked to set one up (403).
        expected = {"anonymous": 302, "outsider": 403, "nomfa": 403, "delegate": 200}
        expected |= {"editor": 200, "org_admin": 200, "coordinator": 200}
        for role in ROLES:
            with self.subTest(role=role):
                response = self.read(role, "/orgs/alpha/statements/")
                self.assertEqual(response.status_code, expected[role])
                if response.status_code == 200:
                    self.assertContains(response, "Statements of Alpha Union")
                    self.assertContains(response, "Alpha statement")
                    self.assertNotContains(response, "Joint declaration")

    def test_every_member_of_the_coalition_reads_its_list(self):
        for role in ["delegate", "editor", "org_admin", "coordinator", "gamma_admin"]:
            with self.subTest(role=role):
                response = self.read(role, "/coalitions/united/statements/")
                self.assertContains(response, "Statements of United Coalition")
                self.assertContains(response, "Joint declaration")
                self.assertNotContains(response, "Alpha statement")
