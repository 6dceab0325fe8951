"""Each role sees exactly the actions it may take on the statement page and the workspace,
and every action it sees works for it (no link to a refusal, as "Republish" used to be)."""

from caucus.signatures.tests.helpers import make_statement
from caucus.test import BaseTestCase
from caucus.testing.needs import open_statement

SIGNED_IN = ["outsider", "nomfa", "delegate", "editor", "org_admin", "coordinator", "gamma_admin"]


class StatementPageActionsTestCase(BaseTestCase):
    """A published statement of the coalition "united"."""

    # role: (sees "Republish", sees "Drafting page")
    EXPECTED = {
        "outsider": (True, False),  # admin of beta: republishes, drafts nothing here
        "nomfa": (False, False),  # a delegate of alpha without a second factor: neither yet
        "delegate": (False, True),  # a delegate republishes nothing, reads the drafts
        "editor": (True, True),
        "org_admin": (True, True),
        "coordinator": (False, True),  # a delegate of alpha who coordinates
        "gamma_admin": (True, True),
    }

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_statement(slug="declaration", coalition=cls.coalition)

    def test_each_role_sees_the_links_it_may_follow(self):
        for role in SIGNED_IN:
            with self.subTest(role=role):
                self.client.force_login(getattr(self, role))
                page = self.client.get("/s/declaration/")
                republish, workspace = self.EXPECTED[role]
                for shown, url in (
                    (republish, "/s/declaration/republish/"),
                    (workspace, "/s/declaration/draft/"),
                ):
                    if shown:
                        self.assertContains(page, f'href="{url}"')
                        self.assertEqual(self.client.get(url).status_code, 200, url)
                    else:
                        self.assertNotContains(page, f'href="{url}"')
                        self.assertEqual(self.client.get(url).status_code, 403, url)

    def test_anonymous_readers_see_neither(self):
        page = self.client.get("/s/declaration/")
        self.assertNotContains(page, "/s/declaration/republish/")
        self.assertNotContains(page, "/s/declaration/draft/")


class WorkspaceActionsTestCase(BaseTestCase):
    """A coalition draft open for signatures: who edits, publishes, reminds and signs."""

    # role: (edits and publishes, reminds, signs for)
    EXPECTED = {
        "delegate": (False, False, "ALPHA"),
        "editor": (False, False, "ALPHA"),
        "org_admin": (False, False, "ALPHA"),
        "coordinator": (True, True, "ALPHA"),
        "gamma_admin": (False, False, "GAMMA"),
    }

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        open_statement(cls.coalition)

    def test_each_role_sees_the_buttons_it_may_use(self):
        url = "/s/draft-declaration/"
        for role, (edits, reminds, signs_for) in self.EXPECTED.items():
            with self.subTest(role=role):
                self.client.force_login(getattr(self, role))
                page = self.client.get(url + "draft/")
                for shown, text in (
                    (edits, f'href="{url}edit/"'),
                    (edits, f'href="{url}publish/"'),
                    (reminds, "Remind <bdi>ALPHA</bdi>"),
                    (True, f"Sign for <bdi>{signs_for}</bdi>"),
                ):
                    if shown:
                        self.assertContains(page, text)
                    else:
                        self.assertNotContains(page, text)
                for path in ("edit/", "publish/"):
                    self.assertEqual(self.client.get(url + path).status_code, 200 if edits else 403)

    def test_the_outsider_and_the_second_factorless_get_no_workspace(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/s/draft-declaration/draft/").status_code, 403)
        self.client.force_login(self.nomfa)
        page = self.client.get("/s/draft-declaration/draft/")
        self.assertEqual(page.status_code, 403)
        self.assertContains(page, "two-factor", status_code=403)
