"""The co-signing tracker on the statement workspace: who signed which version, who has not,
reminders (once a day per organization, audit-logged, emailed by a task that claims its row),
the delegate's own "Sign for" button, and publishing through a confirmation that shows it."""

from datetime import timedelta

from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from caucus.audit.models import AuditEntry
from caucus.signatures import services
from caucus.signatures.models import SigningReminder
from caucus.signatures.tasks import send_signing_reminder
from caucus.statements.models import Status
from caucus.test import LOGIN, OK, BaseTestCase, PermissionMatrix, expect
from caucus.testing.needs import open_statement

REMIND = "/s/draft-declaration/signatures/remind/"
WORKSPACE = "/s/draft-declaration/draft/"


class TrackerTestCase(PermissionMatrix, BaseTestCase):
    watched = ["signatures.SigningReminder", "audit.AuditEntry"]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = open_statement(cls.coalition)
        services.organization_sign(
            statement=cls.statement, organization=cls.gamma, actor=cls.gamma_admin
        )

    def test_the_workspace_shows_who_signed_which_version(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(WORKSPACE)
        self.assertContains(page, "1 of 2 member organizations signed version 1.")
        self.assertContains(page, "Not signed yet")
        self.assertContains(page, "by <bdi>Gina Gamma</bdi>")
        self.assertContains(page, "Remind <bdi>ALPHA</bdi>")
        self.assertNotContains(page, "Remind <bdi>GAMMA</bdi>")

    def test_a_delegate_sees_the_tracker_and_signs_from_the_workspace(self):
        self.client.force_login(self.delegate)
        page = self.client.get(WORKSPACE)
        self.assertContains(page, "1 of 2 member organizations")
        self.assertNotContains(page, "Remind <bdi>ALPHA</bdi>")
        self.assertContains(page, "Sign for <bdi>ALPHA</bdi>")
        self.client.post("/s/draft-declaration/sign/organization/", {"organization": "alpha"})
        self.assertContains(self.client.get(WORKSPACE), "2 of 2 member organizations")

    def test_a_reminder_emails_the_organizations_people_once(self):
        self.client.force_login(self.coordinator)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(REMIND, {"organization": "alpha"})
        self.assertRedirects(response, WORKSPACE, fetch_redirect_response=False)
        reminder = SigningReminder.objects.get()
        self.assertEqual((reminder.organization, reminder.sent_by), (self.alpha, self.coordinator))
        self.assertIsNotNone(reminder.sent_at)
        recipients = sorted(address for m in mail.outbox for address in m.to)
        self.assertEqual(
            recipients,
            sorted(
                u.email
                for u in (self.coordinator, self.org_admin, self.editor, self.delegate, self.nomfa)
            ),
        )
        self.assertIn("waits for the signature of ALPHA", mail.outbox[0].subject)
        self.assertTrue(AuditEntry.objects.filter(action="signature.reminder_sent").exists())
        # The task finds its row claimed and sends nothing again.
        self.assertEqual(send_signing_reminder.call(reminder.pk), 0)
        self.assertEqual(len(mail.outbox), 5)

    def test_an_organization_is_reminded_at_most_once_a_day(self):
        self.client.force_login(self.coordinator)
        self.client.post(REMIND, {"organization": "alpha"})
        page = self.client.post(REMIND, {"organization": "alpha"}, follow=True)
        self.assertContains(page, "ALPHA was reminded less than a day ago")
        self.assertEqual(SigningReminder.objects.count(), 1)
        SigningReminder.objects.update(
            created=SigningReminder.objects.get().created - timedelta(hours=25)
        )
        self.client.post(REMIND, {"organization": "alpha"})
        self.assertEqual(SigningReminder.objects.count(), 2)

    def test_an_organization_that_signed_is_not_reminded(self):
        self.client.force_login(self.coordinator)
        page = self.client.post(REMIND, {"organization": "gamma"}, follow=True)
        self.assertContains(page, "GAMMA has nothing to sign")
        self.assertFalse(SigningReminder.objects.exists())

    def test_reminding_all_reminds_only_those_who_wait(self):
        self.client.force_login(self.coordinator)
        page = self.client.post(REMIND, {"organization": "all"}, follow=True)
        self.assertContains(page, "1 organization is reminded.")
        self.assertEqual(
            list(SigningReminder.objects.values_list("organization__slug", flat=True)), ["alpha"]
        )

    def test_only_those_who_manage_the_signatures_remind(self):
        managers = expect(403, anonymous=LOGIN, coordinator=OK)
        self.check("post", REMIND, managers, {"organization": "alpha"})


class RemindBadInputTestCase(HypothesisTestCase, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        open_statement(cls.coalition)

    @settings(max_examples=40, deadline=None)
    @given(st.text(max_size=80))
    def test_any_organization_field_is_answered_without_a_server_error(self, value):
        self.client.force_login(self.coordinator)
        response = self.client.post(REMIND, {"organization": value})
        self.assertIn(response.status_code, (302, 404))
        if value not in ("alpha", "all"):
            self.assertFalse(SigningReminder.objects.exists())
        SigningReminder.objects.all().delete()


class PublishConfirmationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = open_statement(cls.coalition)

    def test_publishing_shows_the_tracker_before_it_asks(self):
        self.client.force_login(self.coordinator)
        workspace = self.client.get(WORKSPACE)
        self.assertContains(workspace, 'href="/s/draft-declaration/publish/"')
        self.assertNotContains(workspace, 'action="/s/draft-declaration/publish/"')
        page = self.client.get("/s/draft-declaration/publish/")
        self.assertContains(page, "Publish the statement")
        self.assertContains(page, "0 of 2 member organizations signed version 1.")
        self.assertContains(page, "Only the organizations that have signed are listed")
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.status, Status.OPEN)
        self.client.post("/s/draft-declaration/publish/", {"zone": "UTC"})
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.status, Status.PUBLISHED)

    def test_a_delegate_gets_no_publish_link_and_no_page(self):
        self.client.force_login(self.delegate)
        self.assertNotContains(self.client.get(WORKSPACE), "/s/draft-declaration/publish/")
        self.assertEqual(self.client.get("/s/draft-declaration/publish/").status_code, 403)
