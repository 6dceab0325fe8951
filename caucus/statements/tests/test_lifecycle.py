import datetime as dt

import time_machine
from django.core.cache import cache
from django.utils import timezone

from caucus.audit.models import AuditEntry
from caucus.statements import services
from caucus.statements.models import Publication, Statement, Status
from caucus.statements.permissions import get_public_statement
from caucus.statements.tasks import announce_publication, apply_scheduled_revision
from caucus.statements.tests.helpers import BODY, StatementFixtures
from caucus.test import BaseTestCase


class LifecycleTestCase(StatementFixtures, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_coalition_draft()
        cls.url = f"/s/{cls.statement.slug}/"

    def test_a_draft_is_not_public(self):
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_opens_then_publishes(self):
        self.client.force_login(self.coordinator)
        self.client.post(self.url + "open/")
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.status, Status.OPEN)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url + "publish/", {"published_at": "", "zone": "UTC"})
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.status, Status.PUBLISHED)
        self.assertEqual(self.statement.published_version.number, 1)
        self.assertIsNotNone(self.statement.announced_at)
        self.client.logout()
        self.assertContains(self.client.get(self.url), "Joint declaration")

    def test_it_schedules_a_publication(self):
        self.client.force_login(self.coordinator)
        later = timezone.now() + dt.timedelta(days=2)
        local = later.astimezone(dt.timezone(dt.timedelta(hours=3)))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url + "publish/",
                {"published_at": local.strftime("%Y-%m-%dT%H:%M"), "zone": "Europe/Istanbul"},
            )
        self.assertEqual(response.status_code, 302)
        self.statement.refresh_from_db()
        self.assertTrue(self.statement.is_scheduled)
        self.assertEqual(
            self.statement.published_at.replace(second=0, microsecond=0),
            later.replace(second=0, microsecond=0),
        )
        self.assertIsNone(self.statement.announced_at)  # the task ran early and did nothing
        # The workspace's badge: the moment on Istanbul's clock, the instant in UTC (issue 14).
        utc = later.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:00Z")
        badge = self.client.get(self.url + "draft/")
        self.assertContains(badge, f'scheduled for <span class="when"><time datetime="{utc}">')
        self.assertContains(badge, local.strftime("%H:%M</time>"))
        self.assertContains(badge, "(Istanbul time, UTC+03:00)")
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 404)
        with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
            self.assertEqual(self.client.get(self.url).status_code, 200)
            announce_publication.call(self.statement.pk)
        self.statement.refresh_from_db()
        self.assertIsNotNone(self.statement.announced_at)
        self.assertTrue(AuditEntry.objects.filter(action="statement.went_public").exists())

    def test_it_refuses_a_time_in_the_past(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            self.url + "publish/", {"published_at": "2001-01-01T10:00", "zone": "UTC"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Publication.objects.exists())

    def test_it_publishes_a_revision_keeping_old_versions_readable(self):
        services.statement_publish(statement=self.statement, actor=self.coordinator)
        services.version_create(
            statement=self.statement,
            actor=self.coordinator,
            title="Joint declaration",
            body=BODY + "\nRevised.\n",
        )
        self.assertNotContains(self.client.get(self.url), "Revised.")  # not yet published
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url + "publish/")
        self.assertEqual(response.status_code, 302, response.content[-3000:])
        self.client.logout()
        page = self.client.get(self.url)
        self.assertContains(page, "Revised.")
        self.assertContains(page, "this is version 2")
        self.assertEqual(self.client.get(self.url + "versions/1/").status_code, 200)
        diff = self.client.get(self.url + "compare/?a=1&b=2")
        self.assertContains(diff, "Revised.")
        self.assertTrue(AuditEntry.objects.filter(action="statement.revised").exists())

    def test_a_draft_version_after_publication_stays_private(self):
        services.statement_publish(statement=self.statement, actor=self.coordinator)
        services.version_create(
            statement=self.statement, actor=self.coordinator, title="T", body="Secret draft"
        )
        self.assertEqual(self.client.get(self.url + "versions/2/").status_code, 404)
        self.assertEqual(self.client.get(self.url + "compare/?a=1&b=2").status_code, 404)

    def test_it_withdraws_to_a_tombstone(self):
        services.statement_publish(statement=self.statement, actor=self.coordinator)
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url + "withdraw/", {"reason": ""})
        self.assertEqual(response.status_code, 400)
        self.client.post(self.url + "withdraw/", {"reason": "Superseded by a new declaration."})
        self.client.logout()
        page = self.client.get(self.url)
        self.assertContains(page, "Superseded by a new declaration.")
        self.assertNotContains(page, "fair pay")
        self.assertEqual(get_public_statement(self.statement.slug).status, Status.WITHDRAWN)
        self.assertEqual(Statement.objects.get().status, Status.WITHDRAWN)

    def test_the_tombstone_dates_the_withdrawal_on_the_statements_clock(self):
        # 23:30 UTC on 4 March is already 5 March in Tokyo (issue 14).
        services.statement_publish(statement=self.statement, actor=self.coordinator)
        Statement.objects.filter(pk=self.statement.pk).update(
            status=Status.WITHDRAWN,
            withdrawn_at=dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC),
            withdrawal_reason="Superseded.",
            publication_zone="Asia/Tokyo",
        )
        cache.clear()
        page = self.client.get(self.url)
        self.assertContains(
            page,
            'This statement was withdrawn on <span class="when">'
            '<time datetime="2026-03-04T23:30:00Z">Thu 5 March 2026, 08:30</time>',
        )
        self.assertContains(page, "(Tokyo time, UTC+09:00)")


class ScheduledRevisionTestCase(StatementFixtures, BaseTestCase):
    """Issue 4, point 4: "Scheduling a publication time works", for revisions too."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.statement = cls.make_published()
        services.version_create(
            statement=cls.statement, actor=cls.coordinator, title="Joint declaration",
            body=BODY + "\nRevised at noon.\n",
        )  # fmt: skip
        cls.url = f"/s/{cls.statement.slug}/"
        cls.later = timezone.now() + dt.timedelta(hours=5)
        cls.after = cls.later + dt.timedelta(minutes=1)

    def schedule(self, when: str, zone: str = "UTC"):
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url + "publish/", {"published_at": when, "zone": zone})
        self.client.logout()
        return response

    def test_the_published_text_stays_until_the_revision_time(self):
        response = self.schedule(self.later.strftime("%Y-%m-%dT%H:%M"))
        self.assertEqual(response.status_code, 302)
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.published_version.number, 1)
        self.assertEqual(self.statement.scheduled_version.number, 2)
        page = self.client.get(self.url)
        self.assertNotContains(page, "Revised at noon.")
        self.assertContains(page, "fair pay")
        # The scheduled version is not readable by the public before its time.
        self.assertEqual(self.client.get(self.url + "versions/2/").status_code, 404)
        self.assertTrue(AuditEntry.objects.filter(action="statement.scheduled").exists())
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(self.url + "draft/"), "is scheduled to replace")
        self.client.logout()
        cache.clear()  # hours pass: the anonymous page cache keeps a copy a few seconds only
        with time_machine.travel(self.later + dt.timedelta(minutes=1), tick=False):
            page = self.client.get(self.url)
            self.assertContains(page, "Revised at noon.")
            self.assertContains(page, "this is version 2")
            self.assertEqual(self.client.get(self.url + "versions/2/").status_code, 200)
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.published_version.number, 2)
        self.assertIsNone(self.statement.scheduled_version)
        self.assertEqual(AuditEntry.objects.filter(action="statement.revised").count(), 1)

    def test_the_task_applies_it_once_and_a_replaced_schedule_is_a_no_op(self):
        self.schedule(self.later.strftime("%Y-%m-%dT%H:%M"))
        self.assertFalse(apply_scheduled_revision.call(self.statement.pk, 999))
        self.assertFalse(  # too early: nothing changes
            apply_scheduled_revision.call(self.statement.pk, self.statement.current_version_id)
        )
        with time_machine.travel(self.later + dt.timedelta(minutes=1), tick=False):
            version_id = self.statement.current_version_id
            self.assertTrue(apply_scheduled_revision.call(self.statement.pk, version_id))
            self.assertFalse(apply_scheduled_revision.call(self.statement.pk, version_id))
        self.assertEqual(Statement.objects.get().published_version_id, version_id)

    def test_publishing_now_replaces_a_waiting_revision(self):
        self.schedule(self.later.strftime("%Y-%m-%dT%H:%M"))
        self.schedule("")
        self.statement.refresh_from_db()
        self.assertEqual(self.statement.published_version.number, 2)
        self.assertIsNone(self.statement.scheduled_at)
        self.assertFalse(Publication.objects.filter(published_at__gt=timezone.now()).exists())
        self.assertContains(self.client.get(self.url), "Revised at noon.")

    def test_a_time_in_the_past_is_a_field_error_and_changes_nothing(self):
        response = self.schedule("2001-01-01T10:00")
        self.assertEqual(response.status_code, 400)
        self.assertIn("published_at", response.context["form"].errors)
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.scheduled_version)
        self.assertEqual(Publication.objects.count(), 1)

    def test_a_withdrawal_cancels_a_waiting_revision(self):
        self.schedule(self.later.strftime("%Y-%m-%dT%H:%M"))
        services.statement_withdraw(statement=self.statement, actor=self.coordinator, reason="R")
        self.statement.refresh_from_db()
        self.assertIsNone(self.statement.scheduled_version)
        self.assertEqual(Publication.objects.count(), 1)
