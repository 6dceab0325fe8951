"""The process's Prometheus counters (responses by view, signing outcomes), which any layer
may count into; caucus/ops/metrics.py exposes them with the figures read from the database.

Granian serves requests from several worker processes and a scrape reaches one of them, so
with PROMETHEUS_MULTIPROC_DIR set prometheus-client keeps these counters in memory-mapped
files there and a scrape merges them; without it they live in this process.
"""

import logging
import os

from prometheus_client import CollectorRegistry
from prometheus_client import Counter as PromCounter

logger = logging.getLogger(__name__)
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ

REGISTRY = CollectorRegistry()
REQUESTS = PromCounter(
    "caucus_http_requests",
    "HTTP responses by resolved view name and status class.",
    ["view", "status"],
    registry=REGISTRY,
)
SIGNATURES = PromCounter(
    "caucus_signatures",
    "Public signing requests by outcome: accepted, or throttled by the abuse limits.",
    ["outcome"],
    registry=REGISTRY,
)
for _outcome in ("accepted", "throttled"):
    SIGNATURES.labels(outcome=_outcome)  # present at zero from the start


def _inc(counter: PromCounter, **labels: str) -> None:
    """Counting never fails a request (e.g. when a cleaner removed PROMETHEUS_MULTIPROC_DIR)."""
    try:
        counter.labels(**labels).inc()
    except Exception:
        logger.warning("could not count %s %s", counter, labels, exc_info=True)


def count_request(view: str, status: int) -> None:
    _inc(REQUESTS, view=view, status=f"{status // 100}xx")


def signature_accepted() -> None:
    _inc(SIGNATURES, outcome="accepted")


def signature_throttled() -> None:
    _inc(SIGNATURES, outcome="throttled")
