"""Rejecting an amendment asks first, on a page of its own that names the amendment, its
proposer and what happens, with the reply to write (issue 14): the amendment's page links to
it instead of rejecting in one click, a GET changes nothing, the page's POST rejects, and only
those who decide amendments reach it."""

from caucus.statements.models import AmendmentState
from caucus.statements.tests.helpers import WATCHED, StatementFixtures
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect

CONFIRM = '<form method="post" class="stack confirm-form">'
# The coordinator decides amendments to the coalition's statement; nomfa meets the 403 page
# that asks for a second factor, like every other member of alpha and gamma without the role.
DECIDERS = expect(403, anonymous=LOGIN, coordinator=OK)


class RejectAmendmentConfirmationTestCase(PermissionMatrix, StatementFixtures, BaseTestCase):
    watched = WATCHED
    watched_on_reads = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft()
        cls.amendment = cls.propose_living_wage(cls.statement)
        cls.page = f"/s/{cls.statement.slug}/amendments/1/"
        cls.url = cls.page + "reject/"

    def test_the_amendments_page_links_to_the_confirmation(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.page)
        self.assertContains(page, f'href="{self.url}">Reject…</a>')
        self.assertNotContains(page, f'action="{self.url}"')
        self.assertNotContains(page, 'name="reply"')

    def test_a_get_names_the_amendment_and_its_proposer_and_rejects_nothing(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url)
        self.assertContains(page, "<h1>Reject amendment #1</h1>", html=True)
        self.assertContains(page, "<bdi>Joint declaration</bdi>")
        self.assertContains(
            page,
            "Amendment #1 is closed without changing the text, and <bdi>Gina Gamma</bdi> reads "
            "your reply on its page. This cannot be undone",
        )
        self.assertContains(page, 'name="reply"')
        self.assertContains(page, "Reject the amendment</button>")
        self.assertContains(page, f'href="{self.page}">Cancel</a>')
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.state, AmendmentState.OPEN)

    def test_the_pages_post_rejects_with_the_reply(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"reply": "We keep the wording."})
        self.assertRedirects(response, self.page)
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.state, AmendmentState.REJECTED)
        self.assertEqual(self.amendment.reply, "We keep the wording.")

    def test_without_a_reply_the_page_comes_back_and_rejects_nothing(self):
        self.client.force_login(self.coordinator)
        page = self.client.post(self.url, {"reply": ""})
        self.assertContains(page, CONFIRM, status_code=400)
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.state, AmendmentState.OPEN)

    def test_only_those_who_decide_amendments_see_the_page_and_reject(self):
        self.check("get", self.url, DECIDERS, contains=CONFIRM)
        self.check("post", self.url, DECIDERS, {"reply": "No"})
