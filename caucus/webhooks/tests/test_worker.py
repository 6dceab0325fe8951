"""Webhook retries through the real database worker: a failed delivery is sent again at its
retry time and no sooner, a success ends the retries, the retry sweep keeps itself scheduled,
and two workers sending the same delivery at once POST it once."""

import threading
import time
from datetime import timedelta
from unittest import mock, skipUnless

from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.coalitions.models import Coalition
from caucus.lib import outbound, sweeps
from caucus.webhooks import delivery, tasks
from caucus.webhooks.models import Delivery, DeliveryState, EventKind
from caucus.webhooks.services import notify, webhook_create

OK = outbound.Response(200, b"ok")
FAILED = outbound.Response(503, b"down for maintenance")


def work() -> None:
    """One pass of the real worker: what is due runs, what is not stays queued."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class WorkerTestCase(TransactionTestCase):
    """One coalition webhook and one delivery queued for it, as a publication queues it."""

    def setUp(self):
        from django_tasks_db.models import DBTaskResult

        coalition = Coalition.objects.create(slug="c", name="C")
        webhook_create(
            owner=coalition,
            url="https://hooks.example/caucus",
            events=[EventKind.STATEMENT_PUBLISHED],
            actor=None,
        )
        notify(EventKind.STATEMENT_PUBLISHED, {}, coalition_id=coalition.pk, organization_id=None)
        self.row = Delivery.objects.get()
        self.deliveries = DBTaskResult.objects.filter(task_path=tasks.deliver.module_path)
        self.sweeps = DBTaskResult.objects.filter(task_path=tasks.retry_due.module_path)

    def make_due(self) -> None:
        """The clock passes the retry time: the row and the task waiting for it are due."""
        past = timezone.now() - timedelta(seconds=1)
        Delivery.objects.filter(pk=self.row.pk).update(next_attempt_at=past)
        self.deliveries.filter(status="READY").update(run_after=past)


class RetryTestCase(WorkerTestCase):
    def test_a_failing_receiver_is_retried_at_the_due_time_and_a_success_stops_it(self):
        with mock.patch.object(outbound, "request", return_value=FAILED) as post:
            work()
            self.assertEqual(post.call_count, 1)
            self.row.refresh_from_db()
            self.assertEqual((self.row.state, self.row.attempts), ("pending", 1))
            waiting = self.deliveries.get(status="READY")
            self.assertEqual(waiting.run_after, self.row.next_attempt_at)
            self.assertAlmostEqual(
                (self.row.next_attempt_at - timezone.now()).total_seconds(),
                delivery.BACKOFF[0],
                delta=5,
            )
            work()  # before its time the retry stays queued
            self.assertEqual(post.call_count, 1)
            self.make_due()
            work()  # the second attempt fails too: the wait grows
            self.assertEqual(post.call_count, 2)
        self.row.refresh_from_db()
        self.assertAlmostEqual(
            (self.row.next_attempt_at - timezone.now()).total_seconds(),
            delivery.BACKOFF[1],
            delta=5,
        )
        self.make_due()
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            work()
            self.assertEqual(post.call_count, 1)
            self.row.refresh_from_db()
            self.assertEqual((self.row.state, self.row.attempts), ("delivered", 3))
            self.assertFalse(self.deliveries.filter(status="READY").exists())  # nothing more
            tasks.retry_due.call()  # nor does the sweep find anything to send again
            work()
            self.assertEqual(post.call_count, 1)

    def test_it_gives_up_after_the_last_backoff(self):
        with mock.patch.object(outbound, "request", return_value=FAILED) as post:
            for _attempt in range(len(delivery.BACKOFF) + 1):
                self.make_due()
                work()
            self.make_due()
            work()
        self.assertEqual(post.call_count, len(delivery.BACKOFF) + 1)
        self.row.refresh_from_db()
        self.assertEqual(self.row.state, DeliveryState.GAVE_UP)
        self.assertFalse(self.deliveries.filter(status="READY").exists())

    def test_the_sweep_sends_a_due_delivery_whose_task_was_lost_and_reschedules_itself(self):
        with mock.patch.object(outbound, "request", return_value=FAILED):
            work()
        self.deliveries.delete()  # the queue lost the retry (or a worker died holding it)
        self.make_due()
        call_command("schedule_webhook_retries", verbosity=0)
        call_command("schedule_webhook_retries", verbosity=0)  # idempotent
        self.assertEqual(self.sweeps.filter(status="READY").count(), 1)
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            work()
        self.assertEqual(post.call_count, 1)
        self.row.refresh_from_db()
        self.assertEqual(self.row.state, DeliveryState.DELIVERED)
        # The sweep ran and left exactly one successor, sweeps.EVERY from now.
        self.assertEqual(self.sweeps.filter(status="SUCCESSFUL").count(), 1)
        successor = self.sweeps.get(status="READY")
        self.assertAlmostEqual(
            (successor.run_after - timezone.now()).total_seconds(),
            sweeps.EVERY.total_seconds(),
            delta=10,
        )
        call_command("schedule_webhook_retries", verbosity=0)
        self.assertEqual(self.sweeps.filter(status="READY").count(), 1)

    def test_a_sweep_lost_with_the_queue_is_restarted_by_the_daily_housekeeping(self):
        from caucus.signatures.signals import housekeeping

        self.assertFalse(self.sweeps.exists())
        housekeeping.send(sender=None)
        self.assertEqual(self.sweeps.filter(status="READY").count(), 1)


@skipUnless(connection.vendor == "postgresql", "one worker on SQLite: no SKIP LOCKED there")
class TwoWorkersTestCase(WorkerTestCase):
    def test_two_workers_sending_one_delivery_at_once_post_it_once(self):
        """Two deliver tasks for one row (the deferred retry and the sweep's copy) run on two
        workers at the same moment: the conditional UPDATE lets one of them send."""
        start = threading.Barrier(2)
        states = []

        def slow_ok(*args, **kwargs):
            time.sleep(0.3)  # the other worker tries to claim while this POST is on the wire
            return OK

        def worker():
            try:
                start.wait()
                states.append(tasks.deliver.call(self.row.pk))
            finally:
                connections.close_all()

        with mock.patch.object(outbound, "request", side_effect=slow_ok) as post:
            threads = [threading.Thread(target=worker) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(post.call_count, 1)
        self.assertEqual(sorted(states), ["", "delivered"])
        self.row.refresh_from_db()
        self.assertEqual((self.row.state, self.row.attempts), ("delivered", 1))
