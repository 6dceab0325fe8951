"""The live count of confirmed signatures, without COUNT(*) over the table or a hot counter row.

count = SignatureCount.total + confirmed rows with confirmed_at > watermark (an indexed range).

`fold` moves the watermark forward to now - FOLD_MARGIN and adds the rows it passed to the
total. The margin is longer than any confirming transaction can stay open (SQLite's busy
timeout is 20 s), so a confirmation committed late is never left below the watermark uncounted.
Removing or invalidating a confirmed row below the watermark subtracts it under the same row
lock as `fold`, so the two never count one row twice or not at all.

The same folds keep DailySignatureCount per day on the statement's clock (its
signing_deadline_zone, the zone its closing time is shown in), so "+312 today" is the day that
statement's readers see on the page, not the server's (issue 14): the day's folded row plus the
live rows of the day above the watermark (`confirmed_counts`). Days folded before the statement's
zone changed keep the clock they were folded on; only the day of the change can be off.
"""

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from caucus.lib.zones import get_zone
from caucus.signatures.models import (
    EPOCH,
    DailySignatureCount,
    Signature,
    SignatureCount,
    State,
)
from caucus.statements.models import Statement

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
    today: int  # confirmed since 00:00 on the statement's clock


def _zone(name: str | None) -> ZoneInfo:
    return get_zone(name or "UTC") or ZoneInfo("UTC")


def _statement_zone(statement_id: int) -> ZoneInfo:
    rows = Statement.objects.filter(pk=statement_id).values_list("signing_deadline_zone")
    return _zone(next(iter(rows), ("UTC",))[0])


def day_start(now: dt.datetime, zone: ZoneInfo) -> tuple[dt.date, dt.datetime]:
    """(the day of `now` on `zone`'s clock, the instant that day began). A midnight skipped by a
    daylight-saving change reads with the offset before it, which is the day's first instant."""
    day = now.astimezone(zone).date()
    return day, dt.datetime.combine(day, dt.time.min, tzinfo=zone).astimezone(dt.UTC)


def confirmed_counts(statement_id: int, zone: str) -> Counts:
    """The count and today's part of it (today on the clock of `zone`, the statement's
    signing_deadline_zone), in two indexed queries like confirmed_count: the stored total with
    the day's folded row, and one pass over the live range above the watermark (both rows are
    written by `fold`, so the day's exists only beside the total)."""
    day, midnight = day_start(timezone.now(), _zone(zone))
    day_row = DailySignatureCount.objects.filter(
        statement_id=OuterRef("statement_id"), day=day
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


def _per_day(rows: QuerySet, zone: ZoneInfo) -> dict[dt.date, int]:
    """Confirmed rows of `rows` by day of confirmation on `zone`'s clock."""
    grouped = (
        rows.filter(state=State.CONFIRMED)
        .annotate(day=TruncDate("confirmed_at", tzinfo=zone))
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
            ),
            _statement_zone(statement_id),
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
    days = _per_day(
        queryset.filter(confirmed_at__lte=counter.watermark), _statement_zone(statement_id)
    )
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
