"""One test runs the real database worker, as `make run` does, instead of immediate tasks."""

from django.core import mail
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings

from caucus.accounts.tasks import send_email


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class DatabaseWorkerTestCase(TransactionTestCase):
    def test_the_worker_sends_queued_email(self):
        from django_tasks_db.models import DBTaskResult

        send_email.enqueue(subject="Hello", body="Body", to=["someone@example.net"])
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        self.assertEqual([m.subject for m in mail.outbox], ["Hello"])
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
