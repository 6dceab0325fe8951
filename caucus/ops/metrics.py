"""Prometheus metrics: responses by view and status class, signing outcomes, the task queue,
emails sent and failed; rendered for /metrics with prometheus-client.

Granian serves requests from several worker processes and a scrape reaches one of them, so
the per-request counters must add up across processes: with PROMETHEUS_MULTIPROC_DIR set
(bin/serve sets it, and deploy/cluster.py one per app server; each start gets a fresh one, as
systemd's RuntimeDirectory= gives) prometheus-client keeps them in memory-mapped files there and
a scrape merges them (MultiProcessCollector in `exposition`). Without it (the development
server, tests) they live in this process. Counters that change by the request cannot go to
the database or the cache: one write per request would cost more than the request. The task
queue and the email counts (ops.Counter, written by whichever worker sent the mail) are read
from the database at scrape time instead.
"""

import logging

from django.db import DatabaseError
from django.db.models import Case, Count, F, Min, When
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

# The process counters live in lib so that any app counts into them without importing ops.
from caucus.lib.counters import (  # noqa: F401 — this module is where they are read
    MULTIPROCESS,
    REGISTRY,
    REQUESTS,
    SIGNATURES,
    count_request,
    signature_accepted,
    signature_throttled,
)

logger = logging.getLogger(__name__)
EMAILS_SENT = "emails_sent"
EMAILS_FAILED = "emails_failed"


class DatabaseCollector:
    """Metrics read from the database at scrape time: the task queue and email counts."""

    def describe(self) -> list:
        return []  # no database access when the collector is registered

    def collect(self):
        up = GaugeMetricFamily(
            "caucus_metrics_database_up", "1 when the database answered this scrape, else 0."
        )
        try:
            families = list(self._from_database())
        except DatabaseError:
            # The process counters are still worth scraping while the database is away.
            logger.warning("/metrics: the database did not answer", exc_info=True)
            families = []
        up.add_metric([], 1 if families else 0)
        yield up
        yield from families

    def _from_database(self):
        from django_tasks_db.models import DBTaskResult, get_date_max

        from caucus.ops.models import Counter

        waiting = GaugeMetricFamily(
            "caucus_tasks_waiting", "Tasks due to run and not yet claimed.", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "caucus_tasks_oldest_waiting_seconds",
            "Seconds the longest-waiting due task has waited (0 when none waits).",
            labels=["queue"],
        )
        # A delayed task has waited since it became due, an immediate one since it was queued.
        since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default="run_after")
        rows = (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(count=Count("pk"), since=Min(since))
            .order_by("queue_name")
        )
        now = timezone.now()
        per_queue = {row["queue_name"]: row for row in rows} or {"default": None}
        for queue, row in per_queue.items():
            waiting.add_metric([queue], row["count"] if row else 0)
            age = (now - row["since"]).total_seconds() if row else 0.0
            oldest.add_metric([queue], max(age, 0.0))
        running = GaugeMetricFamily(
            "caucus_tasks_running",
            "Tasks claimed by a worker and not finished.",
            value=DBTaskResult.objects.running().count(),
        )
        counts = dict(Counter.objects.filter(name__in=[EMAILS_SENT, EMAILS_FAILED]).values_list())
        sent = CounterMetricFamily(
            "caucus_emails_sent", "Emails the mail server accepted.", counts.get(EMAILS_SENT, 0)
        )
        failed = CounterMetricFamily(
            "caucus_emails_failed",
            "Emails the mail server refused or could not be reached for.",
            counts.get(EMAILS_FAILED, 0),
        )
        yield from (waiting, oldest, running, sent, failed)


if not MULTIPROCESS:
    REGISTRY.register(DatabaseCollector())


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, and its content type."""
    if MULTIPROCESS:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(DatabaseCollector())
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
