"""Retry sweeps (caucus/lib/sweeps.py): one waits in the queue, whatever ran at the same time."""

from datetime import timedelta

from django.tasks import task
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from caucus.lib import sweeps


@task()
def sweep() -> None:
    """A sweep for the tests: never run here, only queued."""


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class SweepsTestCase(TestCase):
    def rows(self, status: str = "READY"):
        return DBTaskResult.objects.filter(task_path=sweep.module_path, status=status)

    def start(self, count: int) -> None:
        """`count` sweeps queued together, now running on as many workers."""
        for _ in range(count):
            sweep.enqueue()
        self.rows().update(status="RUNNING", started_at=timezone.now())

    def test_a_running_sweep_queues_its_successor(self):
        self.start(1)
        sweeps.again(sweep)
        successor = self.rows().get()
        delay = successor.run_after - timezone.now()
        self.assertAlmostEqual(delay.total_seconds(), sweeps.EVERY.total_seconds(), delta=10)

    def test_two_sweeps_running_at_once_leave_one_successor(self):
        self.start(2)
        sweeps.again(sweep)  # each ends and asks for the next run
        sweeps.again(sweep)
        self.assertEqual(self.rows().count(), 1)
        self.assertEqual(self.rows("RUNNING").count(), 2)

    def test_no_successor_while_one_waits(self):
        self.start(1)
        sweep.enqueue()  # started meanwhile by a fan-out, say
        sweeps.again(sweep)
        self.assertEqual(self.rows().count(), 1)

    def test_two_started_at_once_leave_the_one_due_first(self):
        later = sweep.using(run_after=timezone.now() + timedelta(minutes=5)).enqueue()
        now = sweep.enqueue()  # both callers had seen none waiting
        sweeps._keep_one(sweep)
        sweeps._keep_one(sweep)  # the other caller agrees on which to keep
        self.assertEqual([str(pk) for pk in self.rows().values_list("pk", flat=True)], [now.id])
        self.assertNotEqual(later.id, now.id)

    def test_schedule_starts_one_unless_one_waits_or_runs(self):
        self.assertTrue(sweeps.schedule(sweep))
        self.assertFalse(sweeps.schedule(sweep))
        self.rows().update(status="RUNNING", started_at=timezone.now())
        self.assertFalse(sweeps.schedule(sweep))
        self.rows("RUNNING").update(started_at=timezone.now() - sweeps.STALE_AFTER)
        self.assertTrue(sweeps.schedule(sweep))  # that worker was killed
