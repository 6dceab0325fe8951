from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.audit.models import AuditEntry
from caucus.statements import services
from caucus.statements.models import Amendment, AmendmentState, StatementVersion
from caucus.statements.tests.helpers import BODY, StatementFixtures
from caucus.test import BaseTestCase, Client, build_cast


class ProposeAmendmentTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft()
        cls.url = f"/s/{cls.statement.slug}/amendments/new/"

    def test_it_lets_a_delegate_of_a_member_org_propose(self):
        self.client.force_login(self.gamma_admin)
        response = self.client.post(
            self.url,
            {
                "kind": "replace",
                "passage": "fair pay",
                "replacement": "a living wage",
                "reason": "Clearer",
            },
        )
        amendment = Amendment.objects.get()
        self.assertRedirects(response, f"/s/{self.statement.slug}/amendments/1/")
        self.assertEqual(amendment.version, self.statement.current_version)
        self.assertEqual(amendment.organization, self.gamma)
        self.assertEqual(amendment.proposer, self.gamma_admin)

    def test_it_refuses_a_passage_that_is_not_in_the_text(self):
        self.client.force_login(self.gamma_admin)
        for data in [
            {"kind": "replace", "passage": "not there", "replacement": "x", "reason": "r"},
            {"kind": "replace", "passage": "e", "replacement": "x", "reason": "r"},  # repeated
            {"kind": "replace", "passage": "fair pay", "replacement": "", "reason": "r"},
            {"kind": "insert", "passage": "fair pay", "replacement": " ", "reason": "r"},
            {"kind": "bogus", "passage": "fair pay", "replacement": "x", "reason": "r"},
            {"kind": "delete", "passage": "fair pay", "reason": ""},
        ]:
            with self.subTest(data=data):
                response = self.client.post(self.url, data)
                self.assertEqual(response.status_code, 400)
                self.assertFalse(Amendment.objects.exists())

    def test_it_refuses_an_outsider(self):
        self.client.force_login(self.outsider)
        response = self.client.post(
            self.url, {"kind": "delete", "passage": "fair pay", "reason": "r"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Amendment.objects.exists())


class AmendmentFormPropertyTestCase(StatementFixtures, HypothesisTestCase):
    """Whatever is posted, the answer is 302 or 400 and an amendment exists only on 302."""

    client_class = Client  # signs in with the second factor, as allauth does

    @classmethod
    def setUpTestData(cls):
        build_cast(cls)
        cls.statement = cls.make_coalition_draft()

    @settings(max_examples=40, deadline=None)
    @given(
        kind=st.sampled_from(["replace", "insert", "delete", "", "x"]),
        passage=st.one_of(st.text(max_size=30), st.sampled_from(["fair pay", "stand together"])),
        replacement=st.text(max_size=30),
        reason=st.text(max_size=30),
    )
    def test_it_never_fails(self, kind, passage, replacement, reason):
        self.client.force_login(self.gamma_admin)
        before = Amendment.objects.count()
        response = self.client.post(
            f"/s/{self.statement.slug}/amendments/new/",
            {"kind": kind, "passage": passage, "replacement": replacement, "reason": reason},
        )
        self.assertIn(response.status_code, (302, 400))
        self.assertEqual(Amendment.objects.count(), before + (response.status_code == 302))


class DecideAmendmentTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft()
        cls.amendment = cls.propose_living_wage(cls.statement)
        cls.base = f"/s/{cls.statement.slug}/amendments/1/"

    def test_it_accepts_into_a_new_version(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.base + "accept/")
        self.assertRedirects(response, self.base)
        self.amendment.refresh_from_db()
        self.statement.refresh_from_db()
        self.assertEqual(self.amendment.state, AmendmentState.ACCEPTED)
        self.assertEqual(self.statement.current_version.number, 2)
        self.assertIn("deserve a living wage.", self.statement.current_version.body)
        self.assertEqual(self.amendment.result_version, self.statement.current_version)
        self.assertTrue(AuditEntry.objects.filter(action="amendment.accepted").exists())

    def test_it_refuses_acceptance_by_the_proposer(self):
        self.client.force_login(self.gamma_admin)
        response = self.client.post(self.base + "accept/")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(StatementVersion.objects.count(), 1)

    def test_it_rejects_with_a_reply(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.base + "reject/", {"reply": ""})
        self.assertEqual(response.status_code, 400)
        self.client.post(self.base + "reject/", {"reply": "We keep the wording."})
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.state, AmendmentState.REJECTED)
        self.assertEqual(self.amendment.reply, "We keep the wording.")
        self.client.post(self.base + "accept/")  # already decided: nothing happens
        self.assertEqual(StatementVersion.objects.count(), 1)

    def test_it_marks_a_stale_amendment_and_refuses_to_apply_it(self):
        services.version_create(
            statement=self.statement, actor=self.coordinator, title="T", body=BODY + "\nAdded.\n"
        )
        self.client.force_login(self.coordinator)
        page = self.client.get(self.base)
        self.assertContains(page, "now at version 2")
        self.client.post(self.base + "accept/")
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.state, AmendmentState.OPEN)
        self.assertEqual(StatementVersion.objects.count(), 2)
        # The passage still matches exactly: rebase, then accept.
        self.client.post(self.base + "rebase/")
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.version.number, 2)
        self.client.post(self.base + "accept/")
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.current_version.number, 3)
        self.assertIn("Added.", self.statement.current_version.body)
        self.assertIn("a living wage", self.statement.current_version.body)

    def test_it_cannot_rebase_when_the_passage_changed(self):
        services.version_create(
            statement=self.statement,
            actor=self.coordinator,
            title="T",
            body=BODY.replace("fair pay", "decent pay"),
        )
        self.client.force_login(self.gamma_admin)
        self.client.post(self.base + "rebase/")
        self.amendment.refresh_from_db()
        self.assertEqual(self.amendment.version.number, 1)
        self.assertContains(self.client.get(self.base), "cannot be applied")
