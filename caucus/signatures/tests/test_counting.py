"""The live count: stored total plus confirmed rows above the watermark, folded by a task."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from caucus.signatures.counting import (
    FOLD_AFTER_ROWS,
    Counts,
    confirmed_count,
    confirmed_counts,
    fold,
)
from caucus.signatures.models import DailySignatureCount, Signature, SignatureCount, State
from caucus.signatures.services import individual_remove
from caucus.signatures.tests.helpers import SignaturesTestCase
from caucus.signatures.tests.test_manage import add


class CountingTestCase(SignaturesTestCase):
    def test_it_counts_only_confirmed_signatures(self):
        add(self.statement, 4)
        Signature.objects.create(
            statement=self.statement, name="P", email_index="1" * 64, email_domain="x.example"
        )
        self.assertEqual(confirmed_count(self.statement.pk), 4)

    def test_folding_keeps_the_count_and_moves_the_watermark(self):
        add(self.statement, 4)
        added = fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
        self.assertEqual(added, 4)
        counter = SignatureCount.objects.get()
        self.assertEqual(counter.total, 4)
        later = timezone.now() + timedelta(seconds=2)
        add(self.statement, 2, prefix="192.0.2.0/24", confirmed_at=later)
        self.assertEqual(confirmed_count(self.statement.pk), 6)
        self.assertEqual(fold(self.statement.pk, until=counter.watermark), 0)  # idempotent

    def test_a_recent_confirmation_stays_live_until_the_margin_has_passed(self):
        add(self.statement, 3)
        self.assertEqual(fold(self.statement.pk), 0)  # now - 60 s: the rows are newer
        self.assertEqual(confirmed_count(self.statement.pk), 3)

    def test_removing_a_folded_signature_decrements_the_total(self):
        add(self.statement, 3)
        fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
        individual_remove(signature=Signature.objects.first())
        self.assertEqual(SignatureCount.objects.get().total, 2)
        self.assertEqual(confirmed_count(self.statement.pk), 2)

    def test_counting_reads_two_indexed_queries(self):
        add(self.statement, 3)
        with self.assertNumQueries(2):
            confirmed_count(self.statement.pk)

    def test_many_live_rows_enqueue_a_fold(self):
        now = timezone.now() - timedelta(minutes=5)
        add(self.statement, FOLD_AFTER_ROWS)
        Signature.objects.update(confirmed_at=now)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(confirmed_count(self.statement.pk), FOLD_AFTER_ROWS)
        self.assertEqual(SignatureCount.objects.get().total, FOLD_AFTER_ROWS)
        self.assertEqual(confirmed_count(self.statement.pk), FOLD_AFTER_ROWS)


class RetentionTestCase(SignaturesTestCase):
    def test_it_deletes_old_emails_but_keeps_the_signatures(self):
        add(self.statement, 2, may_contact=True)
        add(self.statement, 1, prefix="192.0.2.0/24")
        old = timezone.now() - timedelta(days=200)
        Signature.objects.filter(ip_prefix="198.51.100.0/24").update(confirmed_at=old)
        stale = Signature.objects.create(
            statement=self.statement,
            name="Never",
            email="n@x.example",
            email_index="n" * 64,
            email_domain="x.example",
        )
        Signature.objects.filter(pk=stale.pk).update(created=old)
        call_command("expire_signer_emails", days=180, stdout=open("/dev/null", "w"))  # noqa: SIM115
        emails = dict(Signature.objects.values_list("ip_prefix", "email"))
        self.assertEqual(Signature.objects.filter(email="").count(), 2)
        self.assertFalse(Signature.objects.filter(may_contact=True).exists())
        self.assertTrue(emails["192.0.2.0/24"])
        self.assertFalse(Signature.objects.filter(pk=stale.pk).exists())
        self.assertEqual(Signature.objects.filter(state=State.CONFIRMED).count(), 3)
        self.assertEqual(confirmed_count(self.statement.pk), 3)


class MomentumTestCase(SignaturesTestCase):
    """ "+312 today": the day's folded row kept by `fold`, plus today's live rows above the
    watermark; never a count of the day's rows."""

    def midnight(self):
        return timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    def test_folding_keeps_a_row_per_utc_day(self):
        yesterday = self.midnight() - timedelta(hours=2)
        add(self.statement, 3, confirmed_at=yesterday)
        add(self.statement, 4, prefix="192.0.2.0/24", confirmed_at=self.midnight())
        fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
        days = dict(DailySignatureCount.objects.values_list("day", "total"))
        self.assertEqual(days, {yesterday.date(): 3, self.midnight().date(): 4})
        self.assertEqual(confirmed_counts(self.statement.pk, "UTC"), Counts(total=7, today=4))

    def test_today_adds_the_live_rows_and_leaves_yesterdays_out(self):
        add(self.statement, 2, confirmed_at=self.midnight() - timedelta(minutes=1))
        add(self.statement, 5, prefix="192.0.2.0/24")
        self.assertEqual(confirmed_counts(self.statement.pk, "UTC"), Counts(total=7, today=5))
        fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
        later = timezone.now() + timedelta(seconds=2)
        add(self.statement, 1, prefix="203.0.113.0/24", confirmed_at=later)
        self.assertEqual(confirmed_counts(self.statement.pk, "UTC"), Counts(total=8, today=6))

    def test_removing_a_folded_signature_takes_it_from_its_day(self):
        add(self.statement, 3)
        fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
        individual_remove(signature=Signature.objects.first())
        self.assertEqual(DailySignatureCount.objects.get().total, 2)
        self.assertEqual(confirmed_counts(self.statement.pk, "UTC"), Counts(total=2, today=2))

    def test_today_is_the_statements_day(self):
        # At 23:30 UTC it is already tomorrow in Tokyo and still today in Santiago (issue 14).
        with time_machine.travel(datetime(2026, 3, 4, 23, 30, tzinfo=UTC), tick=False):
            add(self.statement, 2, confirmed_at=datetime(2026, 3, 4, 14, 0, tzinfo=UTC))
            add(self.statement, 3, prefix="192.0.2.0/24", confirmed_at=timezone.now())
            for zone, today in [("Asia/Tokyo", 3), ("America/Santiago", 5), ("UTC", 5)]:
                with self.subTest(zone=zone):
                    self.assertEqual(confirmed_counts(self.statement.pk, zone).today, today)

    def test_folding_keeps_a_row_per_day_of_the_statements_clock(self):
        self.statement.signing_deadline_zone = "Asia/Tokyo"
        self.statement.save(update_fields=["signing_deadline_zone"])
        with time_machine.travel(datetime(2026, 3, 4, 23, 30, tzinfo=UTC), tick=False):
            add(self.statement, 2, confirmed_at=datetime(2026, 3, 4, 14, 0, tzinfo=UTC))
            add(self.statement, 3, prefix="192.0.2.0/24", confirmed_at=timezone.now())
            fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
            days = dict(DailySignatureCount.objects.values_list("day", "total"))
            self.assertEqual(days, {date(2026, 3, 4): 2, date(2026, 3, 5): 3})
            self.assertEqual(confirmed_counts(self.statement.pk, "Asia/Tokyo"), Counts(5, 3))
            individual_remove(signature=Signature.objects.order_by("confirmed_at").first())
            self.assertEqual(DailySignatureCount.objects.get(day=date(2026, 3, 4)).total, 1)

    def test_it_reads_two_indexed_queries(self):
        add(self.statement, 3)
        fold(self.statement.pk, until=timezone.now() + timedelta(seconds=1))
        with self.assertNumQueries(2):
            confirmed_counts(self.statement.pk, "UTC")
