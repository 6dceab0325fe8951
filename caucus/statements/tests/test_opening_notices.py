"""Opening a draft for signatures tells the people who sign for member organizations, by email,
once per person and version (issue 4, point 5)."""

from django.conf import settings
from django.core import mail
from django.utils import timezone

from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.organizations.models import Membership, Role
from caucus.statements import services, tasks
from caucus.statements.models import OpeningNotice, Status
from caucus.statements.tests.helpers import StatementFixtures
from caucus.test import BaseTestCase, make_user

# Alpha's and gamma's people, except the coordinator who opens the draft.
MEMBERS = {
    "admin@example.org",
    "editor@example.org",
    "delegate@example.org",
    "nomfa@example.org",
    "gamma@example.org",
}


class OpeningNoticeTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = cls.make_coalition_draft()

    def open_on_the_web(self):
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/s/{self.draft.slug}/open/")
        self.assertRedirects(response, f"/s/{self.draft.slug}/draft/")
        self.draft.refresh_from_db()

    def recipients(self) -> list[str]:
        return sorted(address for message in mail.outbox for address in message.to)

    def run_task_again(self, version=None):
        version = version or self.draft.current_version
        return tasks.send_opening_notices.call(self.draft.pk, version.pk, self.coordinator.pk)

    def test_it_emails_each_person_of_the_active_member_organizations_once(self):
        self.open_on_the_web()
        self.assertEqual(self.draft.status, Status.OPEN)
        self.assertEqual(self.recipients(), sorted(MEMBERS))
        self.assertTrue(all(len(message.to) == 1 for message in mail.outbox))
        message = next(m for m in mail.outbox if m.to == ["gamma@example.org"])
        self.assertIn("Joint declaration", message.subject)
        self.assertIn("version 1", message.subject)
        self.assertIn("Gamma Union", message.body)
        self.assertIn(f"/s/{self.draft.slug}/sign/organization/", message.body)
        html = message.alternatives[0][0]
        link = f"{settings.SITE_URL}/s/{self.draft.slug}/sign/organization/"
        self.assertIn(f'href="{link}"', html)
        self.assertEqual(OpeningNotice.objects.filter(sent_at__isnull=False).count(), len(MEMBERS))

    def test_organizations_that_are_not_active_members_are_not_told(self):
        now = timezone.now()
        CoalitionMembership.objects.create(
            coalition=self.coalition,
            organization=self.beta,
            status=MemberStatus.INVITED,
            invited_at=now,
        )
        CoalitionMembership.objects.filter(organization=self.gamma).update(
            status=MemberStatus.LEFT, left_at=now
        )
        gone = make_user("gone@example.org", "Gone Delegate", is_active=False)
        Membership.objects.create(user=gone, organization=self.alpha, role=Role.DELEGATE)
        self.open_on_the_web()
        self.assertEqual(self.recipients(), sorted(MEMBERS - {"gamma@example.org"}))

    def test_a_retried_task_sends_nothing_twice(self):
        self.open_on_the_web()
        sent = len(mail.outbox)
        self.assertEqual(self.run_task_again(), 0)
        self.assertEqual(len(mail.outbox), sent)

    def test_a_task_stopped_midway_emails_only_the_people_still_waiting(self):
        version = self.draft.current_version
        OpeningNotice.objects.create(
            statement=self.draft, version=version, user=self.delegate, sent_at=timezone.now()
        )
        OpeningNotice.objects.create(statement=self.draft, version=version, user=self.editor)
        type(self.draft).objects.filter(pk=self.draft.pk).update(status=Status.OPEN)
        self.draft.refresh_from_db()
        self.assertEqual(self.run_task_again(), len(MEMBERS) - 1)
        self.assertNotIn("delegate@example.org", self.recipients())
        self.assertIn("editor@example.org", self.recipients())

    def test_reopening_the_same_version_sends_nothing_and_a_new_version_is_announced(self):
        self.open_on_the_web()
        sent = len(mail.outbox)
        type(self.draft).objects.filter(pk=self.draft.pk).update(status=Status.DRAFT)
        self.draft.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            services.statement_open(statement=self.draft, actor=self.coordinator)
        self.assertEqual(len(mail.outbox), sent)
        type(self.draft).objects.filter(pk=self.draft.pk).update(status=Status.DRAFT)
        self.draft.refresh_from_db()
        services.version_create(
            statement=self.draft, actor=self.coordinator, title="Joint declaration", body="New."
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.statement_open(statement=self.draft, actor=self.coordinator)
        self.assertEqual(len(mail.outbox), 2 * sent)
        self.assertTrue(all("version 2" in m.subject for m in mail.outbox[sent:]))

    def test_nothing_is_sent_once_the_statement_is_no_longer_open(self):
        self.assertEqual(self.run_task_again(), 0)  # still a draft
        self.assertEqual(mail.outbox, [])
        self.assertFalse(OpeningNotice.objects.exists())

    def test_each_email_is_in_the_language_of_the_persons_organization(self):
        self.gamma.languages = ["ar", "es"]
        self.gamma.save(update_fields=["languages"])
        self.alpha.languages = ["xx", "tr"]
        self.alpha.save(update_fields=["languages"])
        self.open_on_the_web()
        by_person = {m.to[0]: m.alternatives[0][0] for m in mail.outbox}
        self.assertIn('lang="ar" dir="rtl"', by_person["gamma@example.org"])
        self.assertIn('lang="tr" dir="ltr"', by_person["delegate@example.org"])

    def test_a_person_in_two_member_organizations_gets_one_email_naming_both(self):
        Membership.objects.create(user=self.delegate, organization=self.gamma, role=Role.DELEGATE)
        self.open_on_the_web()
        mine = [m for m in mail.outbox if m.to == ["delegate@example.org"]]
        self.assertEqual(len(mine), 1)
        self.assertIn("Alpha Union, Gamma Union", mine[0].body)

    def test_an_organizations_statement_tells_the_organizations_other_people(self):
        statement = self.make_org_draft()
        with self.captureOnCommitCallbacks(execute=True):
            services.statement_open(statement=statement, actor=self.editor)
        self.assertEqual(
            self.recipients(),
            sorted(
                [
                    "admin@example.org",
                    "coordinator@example.org",
                    "delegate@example.org",
                    "nomfa@example.org",
                ]
            ),
        )
