"""Keyset pagination for lists of publications: page 1,000 costs what page 1 costs."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

PAGE_SIZE = 20


@dataclass
class KeysetPage:
    items: list
    older: str  # cursor for the next (older) page, or ""


def _parse(cursor: str) -> tuple[datetime, int] | None:
    stamp, _, pk = (cursor or "").partition("_")
    try:
        moment = datetime.fromisoformat(stamp)
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.UTC), int(pk))
    except ValueError:
        return None


def keyset_page(queryset: QuerySet, cursor: str, size: int = PAGE_SIZE) -> KeysetPage:
    """Items published before the cursor, newest first; a bad cursor means the first page."""
    queryset = queryset.filter(published_at__lte=timezone.now()).order_by("-published_at", "-id")
    after = _parse(cursor)
    if after is not None:
        moment, pk = after
        queryset = queryset.filter(Q(published_at__lt=moment) | Q(published_at=moment, id__lt=pk))
    items = list(queryset[: size + 1])
    older = ""
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        older = f"{last.published_at.isoformat()}_{last.pk}"
    return KeysetPage(items=items, older=older)
