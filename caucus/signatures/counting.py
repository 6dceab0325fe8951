"""The live count of confirmed signatures, without COUNT(*) over the table or a hot counter row.

count = SignatureCount.total + confirmed rows with confirmed_at > watermark (an indexed range).

`fold` moves the watermark forward to now - FOLD_MARGIN and adds the rows it passed to the
total. The margin is longer than any confirming transaction can stay open (SQLite's busy
timeout is 20 s), so a confirmation committed late is never left below the watermark uncounted.
Removing or invalidating a confirmed row below the watermark subtracts it under the same row
lock as `fold`, so the two never count one row twice or not at all.

The same folds keep DailySignatureCount per UTC day, so "+312 today" is the day's folded row
plus the live rows of the day above the watermark (`confirmed_counts`).
"""

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from caucus.signatures.models import (
    EPOCH,
    DailySignatureCount,
    Signature,
    SignatureCount,
    State,
)

FOLD_MARGIN = timedelta(seconds=60)
FOLD_AFTER_ROWS = 500  # fold when this many confirmed rows sit above the watermark
FOLD_LOCK_SECONDS = 30


def confirmed_count(statement_id: int) -> int:
    """Two indexed queries: the stored total and the short range above the watermark."""
    row = (
        SignatureCount.objects.filter(statement_id=statement_id)
        .values_list("total", "watermark")
        .first()
    )
    total, watermark = row if row else (0, EPOCH)
    above = Signature.objects.filter(
        statement_id=statement_id, state=State.CONFIRMED, confirmed_at__gt=watermark
    ).count()
    if above >= FOLD_AFTER_ROWS and cache.add(f"sig-fold:{statement_id}", 1, FOLD_LOCK_SECONDS):
        from caucus.signatures.tasks import fold_count

        transaction.on_commit(lambda: fold_count.enqueue(statement_id))
    return total + above


@dataclass(frozen=True)
class Counts:
    total: int
    today: int  # confirmed since 00:00 UTC


def _day_start(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def confirmed_counts(statement_id: int) -> Counts:
    """The count and today's part of it, in two indexed queries like confirmed_count: the
    stored total with the day's folded row, and one pass over the live range above the
    watermark (both rows are written by `fold`, so the day's exists only beside the total)."""
    midnight = _day_start(timezone.now())
    day_row = DailySignatureCount.objects.filter(
        statement_id=OuterRef("statement_id"), day=midnight.date()
    ).values("total")[:1]
    row = (
        SignatureCount.objects.filter(statement_id=statement_id)
        .annotate(folded_today=Subquery(day_row))
        .values_list("total", "watermark", "folded_today")
        .first()
    )
    total, watermark, folded_today = row if row else (0, EPOCH, 0)
    live = Signature.objects.filter(
        statement_id=statement_id, state=State.CONFIRMED, confirmed_at__gt=watermark
    ).aggregate(above=Count("pk"), today=Count("pk", filter=Q(confirmed_at__gte=midnight)))
    return Counts(total=total + live["above"], today=(folded_today or 0) + live["today"])


def _per_day(rows: QuerySet) -> dict[dt.date, int]:
    """Confirmed rows of `rows` by UTC day of confirmation."""
    grouped = (
        rows.filter(state=State.CONFIRMED)
        .annotate(day=TruncDate("confirmed_at", tzinfo=dt.UTC))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    return dict(grouped)


def _add_to_days(statement_id: int, days: dict[dt.date, int], sign: int) -> None:
    """Add (sign=1) or subtract (-1) per-day counts; the caller holds the counter's lock."""
    for day, n in days.items():
        daily, _created = DailySignatureCount.objects.get_or_create(
            statement_id=statement_id, day=day
        )
        daily.total = max(0, daily.total + sign * n)
        daily.save(update_fields=["total"])


def _locked_counter(statement_id: int) -> SignatureCount:
    SignatureCount.objects.get_or_create(statement_id=statement_id)
    return SignatureCount.objects.select_for_update().get(statement_id=statement_id)


def fold(statement_id: int, *, until=None) -> int:
    """Add confirmed rows between the watermark and `until` to the total; returns how many."""
    until = until or timezone.now() - FOLD_MARGIN
    with transaction.atomic():
        counter = _locked_counter(statement_id)
        if until <= counter.watermark:
            return 0
        days = _per_day(
            Signature.objects.filter(
                statement_id=statement_id,
                confirmed_at__gt=counter.watermark,
                confirmed_at__lte=until,
            )
        )
        added = sum(days.values())
        _add_to_days(statement_id, days, 1)
        counter.total += added
        counter.watermark = until
        counter.save(update_fields=["total", "watermark"])
    return added


def remove_confirmed(statement_id: int, queryset, apply) -> int:
    """Apply `apply(queryset)` (a delete or an update) and keep the stored total right.

    Must run inside transaction.atomic(); takes the counter's row lock first.
    """
    counter = _locked_counter(statement_id)
    days = _per_day(queryset.filter(confirmed_at__lte=counter.watermark))
    folded = sum(days.values())
    changed = apply(queryset)
    _add_to_days(statement_id, days, -1)
    if folded:
        counter.total = max(0, counter.total - folded)
        counter.save(update_fields=["total"])
    return changed


def reconcile(statement_id: int) -> int:
    """The nightly full count: set the stored total to the confirmed rows below the watermark.

    Corrects any drift of the folded total (a bug, a manual database edit) the way the UK
    petitions site reconciles its batched counter; returns the correction applied.
    """
    with transaction.atomic():
        counter = _locked_counter(statement_id)
        actual = Signature.objects.filter(
            statement_id=statement_id, state=State.CONFIRMED, confirmed_at__lte=counter.watermark
        ).count()
        correction = actual - counter.total
        if correction:
            counter.total = actual
            counter.save(update_fields=["total"])
    return correction
