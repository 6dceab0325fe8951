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
        self.assertEqual(DBTaskResult.objects.count(), 1)  # one batch for the five
        self.assertEqual(len(mail.outbox), 0)
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        self.assertEqual(len(mail.outbox), 0)  # the batch waits for signatures still arriving
        DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), [f"p{n}@example.net" for n in range(5)]
        )
        self.assertFalse(Signature.objects.filter(mail_sent_at__isnull=True).exists())
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
