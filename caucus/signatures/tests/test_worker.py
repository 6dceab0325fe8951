"""Confirmation emails through the real database worker, as `make run` sends them: a surge of
signatures enqueues one batch, not a task row per signature (issue 4: keep the signing path
free of work that can wait)."""

from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.coalitions.models import Coalition
from caucus.signatures.models import Signature
from caucus.signatures.tests.helpers import SIGNER, make_statement


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class ConfirmationBatchTestCase(TransactionTestCase):
    def test_many_signatures_one_batch_every_email_sent(self):
        from django_tasks_db.models import DBTaskResult

        cache.clear()
        statement = make_statement(coalition=Coalition.objects.create(slug="c", name="C"))
        for n in range(5):
            response = self.client.post(
                f"/s/{statement.slug}/sign/", {**SIGNER, "email": f"p{n}@example.net"}
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(Signature.objects.count(), 5)
        from caucus.signatures.tasks import send_confirmations

        # Only this task's rows: publishing a statement schedules tasks of other apps.
        batches = DBTaskResult.objects.filter(task_path=send_confirmations.module_path)
        self.assertEqual(batches.count(), 1)  # one batch for the five
        self.assertEqual(len(mail.outbox), 0)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        self.assertEqual(len(mail.outbox), 0)  # the batch waits for signatures still arriving
        batches.update(run_after=timezone.now() - timedelta(seconds=1))
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), [f"p{n}@example.net" for n in range(5)]
        )
        self.assertFalse(Signature.objects.filter(mail_sent_at__isnull=True).exists())
        self.assertEqual(batches.filter(status="SUCCESSFUL").count(), 1)
        # The claim also left a run for after its lease, in case this worker had died.
        retry = batches.get(status="READY")
        self.assertGreater(retry.run_after, timezone.now() + timedelta(seconds=20))


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class HousekeepingTestCase(TransactionTestCase):
    """Retention and the full recount run daily with no cron: the worker keeps them going."""

    def test_it_is_scheduled_once_runs_and_schedules_its_next_run(self):
        from django_tasks_db.models import DBTaskResult

        from caucus.signatures.counting import confirmed_count, fold
        from caucus.signatures.models import SignatureCount
        from caucus.signatures.tasks import daily_housekeeping
        from caucus.signatures.tests.test_manage import add

        statement = make_statement(coalition=Coalition.objects.create(slug="c", name="C"))
        add(statement, 3)
        fold(statement.pk, until=timezone.now() + timedelta(seconds=1))
        SignatureCount.objects.update(total=7)  # drift the nightly count must correct
        old = timezone.now() - timedelta(days=400)
        Signature.objects.filter(pk=Signature.objects.first().pk).update(confirmed_at=old)

        call_command("schedule_housekeeping", verbosity=0)
        call_command("schedule_housekeeping", verbosity=0)  # idempotent
        rows = DBTaskResult.objects.filter(task_path=daily_housekeeping.module_path)
        self.assertEqual(rows.count(), 1)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

        self.assertEqual(confirmed_count(statement.pk), 3)
        self.assertEqual(Signature.objects.exclude(email="").count(), 2)
        waiting = rows.filter(status="READY").get()
        self.assertGreater(waiting.run_after, timezone.now() + timedelta(hours=23))
        done = rows.get(status="SUCCESSFUL")
        self.assertEqual(done.return_value["counts_corrected"], {str(statement.pk): -4})


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class StaleRunTestCase(TransactionTestCase):
    def test_a_run_left_running_by_a_killed_worker_does_not_block_the_next(self):
        from django_tasks_db.models import DBTaskResult

        from caucus.signatures.tasks import daily_housekeeping

        daily_housekeeping.enqueue()
        rows = DBTaskResult.objects.filter(task_path=daily_housekeeping.module_path)
        rows.update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=5))
        call_command("schedule_housekeeping", verbosity=0)
        self.assertEqual(rows.count(), 1)  # still running, maybe: wait for it
        rows.update(started_at=timezone.now() - timedelta(days=1))  # its worker died
        call_command("schedule_housekeeping", verbosity=0)
        self.assertEqual(rows.filter(status="READY").count(), 1)
