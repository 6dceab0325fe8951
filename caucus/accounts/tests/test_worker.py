"""One test runs the real database worker, as `make run` does, instead of immediate tasks."""

from django.core import mail
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings

from caucus.accounts.models import OutboxMessage
from caucus.accounts.tasks import send_outbox_message


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class DatabaseWorkerTestCase(TransactionTestCase):
    def test_the_worker_sends_an_outbox_email_and_forgets_it(self):
        from django_tasks_db.models import DBTaskResult

        message = OutboxMessage.objects.create(
            to="someone@example.net", subject="Hello", body="Your key: k-123", html="<p>k-123</p>"
        )
        send_outbox_message.enqueue(message.pk)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(DBTaskResult.objects.get().args_kwargs["args"], [message.pk])
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        (sent,) = mail.outbox
        self.assertEqual(
            (sent.subject, sent.to, sent.body),
            ("Hello", ["someone@example.net"], "Your key: k-123"),
        )
        self.assertEqual(sent.alternatives[0].content, "<p>k-123</p>")
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        self.assertFalse(OutboxMessage.objects.exists())

    def test_the_outbox_stores_only_ciphertext(self):
        from django.db import connection

        OutboxMessage.objects.create(to="someone@example.net", subject="S", body="B k-123")
        with connection.cursor() as cursor:
            cursor.execute('SELECT "to", subject, body FROM accounts_outboxmessage')
            row = " ".join(cursor.fetchone())
        self.assertNotIn("someone@example.net", row)
        self.assertNotIn("k-123", row)
