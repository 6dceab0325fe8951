"""Finished task rows are deleted after their retention; allauth's unsent emails after a day."""

from datetime import timedelta

from django.core.management import call_command
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone

from caucus.accounts.models import OutboxMessage
from caucus.accounts.tasks import prune_task_results, send_outbox_message

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def task_row(status: str, days_ago: float):
    """A row of the task table that finished (or was enqueued) `days_ago` days ago."""
    from django_tasks_db.models import DBTaskResult

    result = send_outbox_message.enqueue(0)
    when = timezone.now() - timedelta(days=days_ago)
    finished = when if status in ("SUCCESSFUL", "FAILED") else None
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, enqueued_at=when, finished_at=finished
    )
    return result.id


@override_settings(TASKS=DATABASE_TASKS)
class PruneTestCase(TestCase):
    def remaining(self) -> set:
        from django_tasks_db.models import DBTaskResult

        return {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}

    def test_it_keeps_successes_a_week_and_failures_a_month(self):
        kept = {
            task_row("SUCCESSFUL", 6.9),
            task_row("FAILED", 29),
            task_row("READY", 90),  # waiting or running: never pruned
            task_row("RUNNING", 90),
        }
        pruned = {task_row("SUCCESSFUL", 7.1), task_row("FAILED", 30.1)}
        counts = prune_task_results.call()
        self.assertEqual(self.remaining(), kept)
        self.assertEqual(counts, {"succeeded": 1, "failed": 1, "outbox": 0})
        self.assertFalse(pruned & self.remaining())

    @override_settings(TASK_RESULT_RETENTION_DAYS=1, TASK_FAILURE_RETENTION_DAYS=2)
    def test_the_retention_is_configurable(self):
        kept = {task_row("SUCCESSFUL", 0.5), task_row("FAILED", 1.5)}
        task_row("SUCCESSFUL", 1.5)
        task_row("FAILED", 2.5)
        prune_task_results.call()
        self.assertEqual(self.remaining(), kept)

    def test_it_deletes_outbox_emails_never_sent_after_a_day(self):
        fresh = OutboxMessage.objects.create(to="a@example.net", subject="s", body="b")
        stale = OutboxMessage.objects.create(to="b@example.net", subject="s", body="b")
        OutboxMessage.objects.filter(pk=stale.pk).update(
            created=timezone.now() - timedelta(hours=25)
        )
        self.assertEqual(prune_task_results.call()["outbox"], 1)
        self.assertEqual(list(OutboxMessage.objects.values_list("pk", flat=True)), [fresh.pk])


@override_settings(TASKS=DATABASE_TASKS)
class HousekeepingPrunesTestCase(TransactionTestCase):
    def test_the_daily_housekeeping_prunes_the_task_table(self):
        from django_tasks_db.models import DBTaskResult

        old = task_row("SUCCESSFUL", 8)
        recent = task_row("SUCCESSFUL", 1)
        call_command("schedule_housekeeping", verbosity=0)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        self.assertFalse(DBTaskResult.objects.filter(pk=old).exists())
        self.assertTrue(DBTaskResult.objects.filter(pk=recent).exists())
        housekeeping = DBTaskResult.objects.get(
            task_path__endswith="daily_housekeeping", status="SUCCESSFUL"
        )
        self.assertEqual(housekeeping.return_value["tasks_pruned"]["succeeded"], 1)
