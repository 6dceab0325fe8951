"""Webhook deliveries keep no personal data in clear and not for long (issue "Trust", part 4).

A delivery's body names the signer or attendee with their email, which their own tables keep
only encrypted: the body is ciphertext in the database, a retry still sends the very bytes of
the first attempt, and finished rows are pruned with the task rows by the daily housekeeping.
"""

import json
from datetime import timedelta
from unittest import mock

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from caucus.lib import crypto, outbound
from caucus.signatures import services as signature_services
from caucus.signatures.tasks import daily_housekeeping
from caucus.webhooks import delivery
from caucus.webhooks.models import Delivery, DeliveryState, EventKind, Webhook
from caucus.webhooks.services import notify
from caucus.webhooks.tests.test_webhooks import OK, WebhookTestCase


def raw_bodies() -> list[str]:
    """The body column as the database holds it, past the model's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {Delivery._meta.db_table} ORDER BY id")  # noqa: S608
        return [body for (body,) in cursor.fetchall()]


class EncryptedBodyTestCase(WebhookTestCase):
    def test_a_signers_email_is_not_stored_in_clear(self):
        signature = self.pending_signature(email="ana.secret@example.net")
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            with self.captureOnCommitCallbacks(execute=True):
                signature_services.individual_confirm(signature=signature)
        self.assertIn(b"ana.secret@example.net", post.call_args.kwargs["body"])  # it was sent
        (raw,) = raw_bodies()
        self.assertNotIn("ana.secret", raw)
        self.assertNotIn("Ana Signer", raw)
        self.assertIn("ana.secret@example.net", crypto.decrypt(raw))
        self.assertEqual(Delivery.objects.get().body, crypto.decrypt(raw))

    def test_a_retry_sends_the_same_bytes_as_the_first_attempt(self):
        data = {"attendance": {"person": {"email_addresses": [{"address": "rita@example.org"}]}}}
        with self.captureOnCommitCallbacks(execute=False):  # sent below, by hand
            notify(
                EventKind.RSVP_CONFIRMED, data, coalition_id=self.coalition.pk, organization_id=None
            )
        row = Delivery.objects.get()
        failed = outbound.Response(503, b"")
        with mock.patch.object(outbound, "request", return_value=failed) as post:
            self.assertEqual(delivery.send(row.pk), DeliveryState.PENDING)
        first = post.call_args.kwargs["body"]
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        with mock.patch.object(outbound, "request", return_value=OK) as post:
            self.assertEqual(delivery.send(row.pk), DeliveryState.DELIVERED)
        self.assertEqual(post.call_args.kwargs["body"], first)
        self.assertEqual(json.loads(first)["data"], data)
        self.assertNotIn("rita@example.org", raw_bodies()[0])


def aged(state: str, days: float, kind: str = EventKind.STATEMENT_PUBLISHED) -> int:
    """A delivery created (and, if delivered, delivered) `days` days ago."""
    webhook = Webhook.objects.get(url="https://hooks.example/caucus")
    when = timezone.now() - timedelta(days=days)
    row = Delivery.objects.create(webhook=webhook, kind=kind, body="{}", state=state)
    delivered_at = when if state == DeliveryState.DELIVERED else None
    Delivery.objects.filter(pk=row.pk).update(created=when, delivered_at=delivered_at)
    return row.pk


class PruneTestCase(WebhookTestCase):
    def remaining(self) -> set[int]:
        return set(Delivery.objects.values_list("pk", flat=True))

    def test_it_keeps_deliveries_a_week_and_given_up_ones_a_month(self):
        kept = {
            aged(DeliveryState.DELIVERED, 6.9),
            aged(DeliveryState.GAVE_UP, 29),
            aged(DeliveryState.PENDING, 90),  # still to send: never pruned for its age
        }
        aged(DeliveryState.DELIVERED, 7.1)
        aged(DeliveryState.GAVE_UP, 30.1)
        counts = delivery.prune()
        self.assertEqual(self.remaining(), kept)
        self.assertEqual(counts, {"delivered": 1, "gave_up": 1, "signer_emails": 0})

    @override_settings(TASK_RESULT_RETENTION_DAYS=1, TASK_FAILURE_RETENTION_DAYS=2)
    def test_it_follows_the_task_tables_retention_settings(self):
        kept = {aged(DeliveryState.DELIVERED, 0.5), aged(DeliveryState.GAVE_UP, 1.5)}
        aged(DeliveryState.DELIVERED, 1.5)
        aged(DeliveryState.GAVE_UP, 2.5)
        delivery.prune()
        self.assertEqual(self.remaining(), kept)

    @override_settings(SIGNER_EMAIL_RETENTION_DAYS=3)
    def test_a_signature_goes_no_later_than_the_signers_email(self):
        signature = EventKind.SIGNATURE_CONFIRMED
        kept = {
            aged(DeliveryState.GAVE_UP, 2.9, kind=signature),
            aged(DeliveryState.GAVE_UP, 3.1),  # a publication names no signer
        }
        aged(DeliveryState.GAVE_UP, 3.1, kind=signature)
        aged(DeliveryState.PENDING, 3.1, kind=signature)
        self.assertEqual(delivery.prune()["signer_emails"], 2)
        self.assertEqual(self.remaining(), kept)

    def test_the_daily_housekeeping_prunes_them(self):
        old, recent = aged(DeliveryState.DELIVERED, 8), aged(DeliveryState.DELIVERED, 1)
        result = daily_housekeeping.call()
        self.assertEqual(self.remaining(), {recent})
        self.assertNotIn(old, self.remaining())
        self.assertEqual(result["tasks_pruned"]["webhook_deliveries"]["delivered"], 1)


class EncryptMigrationTestCase(TransactionTestCase):
    """0002 encrypts the bodies stored in clear before it, and decrypts them going back."""

    before, after = [("webhooks", "0001_initial")], [("webhooks", "0002_encrypt_delivery_body")]

    def migrate(self, target) -> None:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("webhooks"))

    def test_it_encrypts_existing_bodies_and_back(self):
        from caucus.coalitions.models import Coalition

        coalition = Coalition.objects.create(slug="c", name="C")
        webhook = Webhook.objects.create(coalition=coalition, url="https://h.example/", secret="s")
        self.migrate(self.before)
        body = '{"email": "old@example.net"}'
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Delivery._meta.db_table} "  # noqa: S608
                "(webhook_id, kind, body, state, attempts, next_attempt_at, last_error, created)"
                " VALUES (%s, 'rsvp.confirmed', %s, 'pending', 0, %s, '', %s)",
                [webhook.pk, body, timezone.now(), timezone.now()],
            )
        self.migrate(self.after)
        (raw,) = raw_bodies()
        self.assertNotIn("old@example.net", raw)
        self.assertEqual(crypto.decrypt(raw), body)
        self.assertEqual(Delivery.objects.get().body, body)
        self.migrate(self.before)
        self.assertEqual(raw_bodies(), [body])
