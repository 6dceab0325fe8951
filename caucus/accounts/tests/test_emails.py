"""Sending from tasks: a refused address stops no one else, and never reaches the task row."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import TestCase, TransactionTestCase, override_settings

from caucus.accounts.emails import EmailNotSent, send_templated, send_to_each
from caucus.accounts.models import OutboxMessage
from caucus.accounts.tasks import send_outbox_message

REFUSED = "refused@example.net"


class RefusingBackend(EmailBackend):
    """The local outbox, except for one address the mail server refuses (its error names it)."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"5.1.1 no such user")})
        return super().send_messages(messages)


REFUSING = {"default": {"BACKEND": "caucus.accounts.tests.test_emails.RefusingBackend"}}


def invitation_to(address: str) -> None:
    context = {"invitation": {"organization": "Alpha"}, "link": "https://x.example/i/t0k3n"}
    send_templated("invitation", to=[address], context=context)


@override_settings(MAILERS=REFUSING)
class SendToEachTestCase(TestCase):
    def test_one_refused_address_does_not_stop_the_others(self):
        with self.assertRaises(EmailNotSent) as refused:
            send_to_each(["a@example.net", REFUSED, "b@example.net"], invitation_to)
        self.assertEqual([m.to for m in mail.outbox], [["a@example.net"], ["b@example.net"]])
        self.assertEqual(str(refused.exception), "1 of 3 emails not sent")

    def test_the_error_does_not_name_the_recipient(self):
        with self.assertRaises(EmailNotSent) as refused:
            invitation_to(REFUSED)
        self.assertEqual(str(refused.exception), "SMTPRecipientsRefused")
        self.assertIsNone(refused.exception.__cause__)
        self.assertTrue(refused.exception.__suppress_context__)


@override_settings(
    MAILERS=REFUSING, TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)
class FailedTaskRowTestCase(TransactionTestCase):
    def test_a_failed_send_leaves_no_address_in_the_task_row(self):
        from django_tasks_db.models import DBTaskResult

        message = OutboxMessage.objects.create(to=REFUSED, subject="Reset", body="k-123")
        send_outbox_message.enqueue(message.pk)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        row = DBTaskResult.objects.values().get()
        self.assertEqual(row["status"], "FAILED")
        self.assertIn("EmailNotSent", row["traceback"])
        for value in row.values():
            self.assertNotIn(REFUSED, str(value))
        self.assertTrue(OutboxMessage.objects.filter(pk=message.pk).exists())  # pruned later
