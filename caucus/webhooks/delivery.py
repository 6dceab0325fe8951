"""Sending one webhook Delivery: leased, signed, through the SSRF guard, retried with backoff.

1. Claim: a conditional UPDATE takes the row if it is pending, due, and not leased to a live
   worker (its lease is empty or expired), and leases it for LEASE_SECONDS. A worker killed
   mid-send leaves the lease to expire; retry_due queues the row again after that.
2. POST the stored body through caucus/lib/outbound.py (public addresses only, pinned
   connection, timeouts), signed with the time of this attempt (signing.py).
3. A 2xx answer delivers it; anything else, or no answer, is retried after BACKOFF[n]
   seconds, and given up after the last.

Finished rows are pruned by the daily housekeeping (prune), on the task table's schedule.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from caucus.lib import outbound
from caucus.webhooks import signing
from caucus.webhooks.models import Delivery, DeliveryState, EventKind

log = logging.getLogger(__name__)
BACKOFF = [30, 120, 600, 3600, 14400, 43200]  # seconds before retries 1..6: about 17 h in all
LEASE_SECONDS = 120


def _claim(delivery_id: int) -> Delivery | None:
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(
            pk=delivery_id, state=DeliveryState.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + timedelta(seconds=LEASE_SECONDS), attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return None
    return Delivery.objects.select_related("webhook").get(pk=delivery_id)


def _post(delivery: Delivery) -> outbound.Response:
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Caucus webhooks",
        "X-Caucus-Event": delivery.kind,
        "X-Caucus-Delivery": str(delivery.pk),
        **signing.headers(delivery.webhook.secret, int(time.time()), body),
    }
    return outbound.request("POST", delivery.webhook.url, headers=headers, body=body)


def _finish(delivery: Delivery, *, status: int | None, error: str = "") -> str:
    """Record the attempt: delivered, retried later, or given up; the state after it."""
    from caucus.webhooks.tasks import deliver

    fields = {"lease_until": None, "last_status": status, "last_error": error[:300]}
    if status is not None and 200 <= status < 300:
        fields |= {"state": DeliveryState.DELIVERED, "delivered_at": timezone.now()}
    elif delivery.attempts > len(BACKOFF):
        fields["state"] = DeliveryState.GAVE_UP
    else:
        fields["next_attempt_at"] = timezone.now() + timedelta(
            seconds=BACKOFF[delivery.attempts - 1]
        )
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    if "next_attempt_at" in fields and deliver.get_backend().supports_defer:
        deliver.using(run_after=fields["next_attempt_at"]).enqueue(delivery.pk)
    return str(fields.get("state", DeliveryState.PENDING))


def send(delivery_id: int) -> str:
    """Send one delivery if it is due and free; its state afterwards ("" if not ours)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return ""
    try:
        response = _post(delivery)
    except outbound.FetchError as exc:
        log.info("webhook delivery %s failed: %s", delivery.pk, exc)
        return _finish(delivery, status=None, error=str(exc))
    error = "" if response.status < 300 else response.body[:200].decode(errors="replace")
    return _finish(delivery, status=response.status, error=error)


def due() -> list[int]:
    """Deliveries past their time and not leased (after outages, or without a deferring backend)."""
    now = timezone.now()
    rows = Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )
    return list(rows.values_list("pk", flat=True)[:1000])


def prune() -> dict[str, int]:
    """Delete finished deliveries past their retention; how many of each.

    A body names signers and attendees (issue "Trust", part 4), so rows go like the task rows
    that sent them (accounts/tasks.py): delivered ones TASK_RESULT_RETENTION_DAYS after their
    delivery, given-up ones TASK_FAILURE_RETENTION_DAYS after their creation (their retries
    end within a day). A signature's, in any state, goes no later than the signer's email
    (SIGNER_EMAIL_RETENTION_DAYS, 0 keeping it).
    """
    now = timezone.now()
    delivered, _ = Delivery.objects.filter(
        state=DeliveryState.DELIVERED,
        delivered_at__lt=now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS),
    ).delete()
    gave_up, _ = Delivery.objects.filter(
        state=DeliveryState.GAVE_UP,
        created__lt=now - timedelta(days=settings.TASK_FAILURE_RETENTION_DAYS),
    ).delete()
    signers = 0
    if settings.SIGNER_EMAIL_RETENTION_DAYS > 0:
        signers, _ = Delivery.objects.filter(
            kind=EventKind.SIGNATURE_CONFIRMED,
            created__lt=now - timedelta(days=settings.SIGNER_EMAIL_RETENTION_DAYS),
        ).delete()
    return {"delivered": delivered, "gave_up": gave_up, "signer_emails": signers}
