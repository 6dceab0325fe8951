"""A confirmation worker killed mid-batch loses no email and repeats none (outbox.py).

The real `manage.py db_worker` sends through a real SMTP server (caucus.lib.smtpsink) and is
killed with SIGKILL while the server holds one of its messages unanswered; a second worker
then finishes the batch once the dead one's lease has ended.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import quote

from django.conf import settings
from django.core import mail
from django.db import OperationalError, connection
from django.db.models import QuerySet
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.coalitions.models import Coalition
from caucus.lib.smtpsink import SmtpSink
from caucus.signatures import outbox
from caucus.signatures.models import Signature
from caucus.signatures.tasks import send_confirmations
from caucus.signatures.tests.helpers import make_statement

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SIGNERS = 12


def add_waiting(statement, count: int) -> list[Signature]:
    return [
        Signature.objects.create(
            statement=statement,
            name=f"Signer {n}",
            email=f"signer{n}@example.net",
            email_index=f"index-{n}",
            email_domain="example.net",
        )
        for n in range(count)
    ]


@contextmanager
def database_for_other_processes():
    """A DATABASE_URL other processes can open, holding this test's data.

    PostgreSQL: the test database itself. SQLite: the test database lives in this process's
    memory, so the workers get a copy on disk, copied back when they are done."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        yield (
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        return
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "shared.sqlite3")
        with sqlite3.connect(path) as disk:
            connection.connection.backup(disk)
        yield f"sqlite:///{path}"
        with sqlite3.connect(path) as disk:
            disk.backup(connection.connection)


def worker_env(database_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caucus.settings",
        "DATABASE_URL": database_url,
        "CAUCUS_VAR_DIR": str(settings.VAR_DIR),  # the same encryption keys
        "SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_TLS": "false",
        "SIGNATURE_MAIL_LEASE_SECONDS": "2",
        "LOG_LEVEL": "ERROR",
    }


def db_worker(env: dict, *extra: str) -> list[str]:
    return [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
            "--interval", "0.1", "-v0", *extra]  # fmt: skip


@override_settings(TASKS=DB_TASKS)
class KilledWorkerTestCase(TransactionTestCase):
    def test_a_worker_killed_mid_batch_leaves_every_signer_exactly_one_email(self):
        from django_tasks_db.models import DBTaskResult

        statement = make_statement(coalition=Coalition.objects.create(slug="c", name="C"))
        add_waiting(statement, SIGNERS)
        send_confirmations.enqueue()
        sink = SmtpSink(hold_after=4).start()
        self.addCleanup(sink.stop)

        with database_for_other_processes() as url:
            env = worker_env(url, sink.port)
            first = subprocess.Popen(db_worker(env), cwd=settings.BASE_DIR, env=env)  # noqa: S603
            self.addCleanup(lambda: first.poll() is None and first.kill())
            self.assertTrue(sink.holding.wait(60), "the worker never reached the 5th email")
            os.kill(first.pid, signal.SIGKILL)  # while the server holds the 5th message
            first.wait(10)
            sink.release()
            time.sleep(0.5)
            self.assertEqual(len(sink.messages), 4)

            time.sleep(3.5)  # the dead worker's lease (2 s) and its retry run (+1 s) are due
            subprocess.run(db_worker(env, "--batch"), cwd=settings.BASE_DIR, env=env, check=True)  # noqa: S603

        recipients = sorted(to for message in sink.messages for to in message["to"])
        self.assertEqual(recipients, sorted(f"signer{n}@example.net" for n in range(SIGNERS)))
        ids = [message["message_id"] for message in sink.messages]
        self.assertEqual(len(set(ids)), SIGNERS)
        self.assertFalse(Signature.objects.filter(mail_sent_at__isnull=True).exists())
        self.assertEqual(set(Signature.objects.values_list("mail_count", flat=True)), {1})
        # The killed run stays "running" in the task table and blocked nothing.
        self.assertEqual(DBTaskResult.objects.filter(status="RUNNING").count(), 1)


class LeaseTestCase(TransactionTestCase):
    """The rules the crash test relies on, one at a time (immediate task backend)."""

    def setUp(self):
        statement = make_statement(coalition=Coalition.objects.create(slug="c", name="C"))
        self.signatures = add_waiting(statement, 3)
        mail.outbox.clear()

    def test_a_crash_between_the_servers_ok_and_the_record_repeats_the_same_message_id(self):
        real = outbox._record_sent
        calls = []

        def dies_on_the_second(signature, worker):
            calls.append(signature.pk)
            if len(calls) == 2:
                raise SystemExit("killed after the SMTP server accepted the message")
            return real(signature, worker)

        with mock.patch.object(outbox, "_record_sent", dies_on_the_second):
            with self.assertRaises(SystemExit):
                send_confirmations.call()
        self.assertEqual(len(mail.outbox), 2)
        # Nobody takes the rows of a live lease; once it ends, the next run does.
        self.assertEqual(send_confirmations.call(), 0)
        Signature.objects.update(mail_lease_until=timezone.now() - timedelta(seconds=1))
        self.assertEqual(send_confirmations.call(), 2)

        by_recipient: dict[str, list[str]] = {}
        for message in mail.outbox:
            by_recipient.setdefault(message.to[0], []).append(message.extra_headers["Message-ID"])
        self.assertEqual([len(ids) for ids in by_recipient.values()], [1, 2, 1])
        repeated = by_recipient["signer1@example.net"]
        self.assertEqual(repeated[0], repeated[1])  # the receiver can drop the repeat

    def test_a_database_outage_after_the_servers_ok_is_waited_out_not_repeated(self):
        """The worker is alive and knows the email went out: it records it once the database
        answers again, instead of leaving the row to be sent a second time."""
        real_update = QuerySet.update
        failures = []

        def update(queryset, **fields):
            if "mail_sent_at" in fields and len(failures) < 3:
                failures.append(1)
                raise OperationalError("the database system is shutting down")
            return real_update(queryset, **fields)

        with (
            mock.patch.object(QuerySet, "update", update),
            mock.patch.object(outbox.time, "sleep"),
        ):
            self.assertEqual(send_confirmations.call(), 3)
        self.assertEqual(len(failures), 3)
        self.assertEqual(len(mail.outbox), 3)
        Signature.objects.update(mail_lease_until=timezone.now() - timedelta(seconds=1))
        self.assertEqual(send_confirmations.call(), 0)
        self.assertEqual(len(mail.outbox), 3)

    def test_signing_again_asks_for_a_new_email_with_a_new_message_id(self):
        send_confirmations.call()
        first = mail.outbox[0].extra_headers["Message-ID"]
        Signature.objects.filter(pk=self.signatures[0].pk).update(mail_sent_at=None)
        send_confirmations.call()
        self.assertEqual(mail.outbox[-1].to, ["signer0@example.net"])
        self.assertNotEqual(mail.outbox[-1].extra_headers["Message-ID"], first)

    def test_a_lease_taken_over_by_another_worker_is_not_sent_again(self):
        rows, _until = outbox.claim(10, "w1", schedule_retry=False)
        # w1 stalled past its lease; w2 took the second signer over.
        Signature.objects.filter(pk=rows[1].pk).update(mail_worker="w2")
        expired = timezone.now() - timedelta(seconds=1)
        sent = outbox.send_chunk(rows, expired, "w1", lambda s: mail.EmailMessage(to=[s.email]))
        self.assertEqual(sent, 2)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), [
            "signer0@example.net", "signer2@example.net"])  # fmt: skip
        self.assertIsNone(Signature.objects.get(pk=rows[1].pk).mail_sent_at)
