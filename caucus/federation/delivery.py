"""Delivering activities: one Delivery row per (activity, inbox), each sent by its own task.

Shared inboxes are used where a server offers one, so a server with many followers gets one
POST. An activity is delivered at most once per inbox (unique row, claimed by a conditional
UPDATE), retried with growing delays for a day, then given up. A server that failed to answer
in the last minute is not tried again until then, so one unreachable instance does not hold a
worker for every delivery queued for it.

A claim is a lease: the row's next_attempt_at moves SENDING_LEASE ahead, far beyond the HTTP
timeout. A worker killed mid-POST leaves the row "sending" with that time passed; the retry
sweep (tasks.retry_due, every few minutes while deliveries are unfinished) hands it back, and
the next attempt sends the same activity id, which receivers deduplicate.
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from caucus.federation import actors, client, remote, signatures
from caucus.federation.keys import ensure_keys
from caucus.federation.models import Activity, Delivery, DeliveryState, Follower, FollowState
from caucus.lib import sweeps

log = logging.getLogger(__name__)
BACKOFF = [60, 300, 1800, 7200, 21600, 43200]  # seconds before retries 1..6: 20.6 h in all
GIVE_UP_AFTER = timedelta(days=1)
DOWN_SECONDS = 60
SENDING_LEASE = timedelta(minutes=15)


def recipients(activity: Activity) -> list:
    """The local actors whose followers receive `activity`."""
    if activity.type in ("Update", "Delete") and activity.object_id is not None:
        # Those whose last word on the object was an Announce (not an Undo of it) boost it.
        rows = Activity.objects.filter(object_id=activity.object_id, type__in=("Announce", "Undo"))
        last = dict(rows.order_by("pk").values_list("actor_id", "type"))
        boosters = {actor for actor, type_ in last.items() if type_ == "Announce"}
        return sorted({activity.actor_id, *boosters})
    return [activity.actor_id]


def follower_inboxes(actor_ids) -> list[str]:
    rows = Follower.objects.filter(actor_id__in=actor_ids, state=FollowState.ACCEPTED)
    rows = rows.select_related("remote")
    return sorted({row.remote.delivery_inbox for row in rows})


def fan_out(activity: Activity, inboxes: list[str] | None = None) -> int:
    """Queue the activity for its followers' inboxes (or the inboxes given); returns how many."""
    from caucus.federation.tasks import deliver, retry_due

    if inboxes is None:
        inboxes = follower_inboxes(recipients(activity))
    inboxes = [i for i in inboxes if not remote.is_blocked(remote.host_of(i))]
    Delivery.objects.bulk_create(
        [Delivery(activity=activity, inbox=i, domain=remote.host_of(i)) for i in inboxes],
        ignore_conflicts=True,
    )
    queued = Delivery.objects.filter(activity=activity, state=DeliveryState.PENDING)
    ids = list(queued.values_list("pk", flat=True))
    for pk in ids:
        deliver.enqueue(pk)
    if ids:
        sweeps.schedule(retry_due)
    return len(ids)


def _claim(delivery_id: int) -> Delivery | None:
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, state=DeliveryState.PENDING, next_attempt_at__lte=now
    ).update(
        state=DeliveryState.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + SENDING_LEASE
    )
    if claimed != 1:
        return None
    return Delivery.objects.select_related("activity__actor").get(pk=delivery_id)


def _finish(delivery: Delivery, state: str, *, status=None, error: str = "") -> None:
    delivery.state, delivery.last_status, delivery.last_error = state, status, error[:300]
    if state == DeliveryState.DELIVERED:
        delivery.delivered_at = timezone.now()
    delivery.save(update_fields=["state", "last_status", "last_error", "delivered_at"])


def _retry(delivery: Delivery, *, status=None, error: str = "", count: bool = True) -> None:
    """Try again later, or give up after a day; `count` False when we did not even try."""
    from caucus.federation.tasks import deliver

    attempt = delivery.attempts if count else max(delivery.attempts - 1, 0)
    too_late = timezone.now() - delivery.created > GIVE_UP_AFTER
    if attempt > len(BACKOFF) or too_late:
        _finish(delivery, DeliveryState.GAVE_UP, status=status, error=error)
        return
    delay = BACKOFF[max(attempt - 1, 0)] if count else DOWN_SECONDS
    delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    delivery.attempts = attempt
    delivery.state, delivery.last_status, delivery.last_error = (
        DeliveryState.PENDING,
        status,
        error[:300],
    )
    delivery.save(
        update_fields=["next_attempt_at", "attempts", "state", "last_status", "last_error"]
    )
    task = deliver
    if task.get_backend().supports_defer:
        task.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


def post(activity: Activity, inbox: str) -> client.Response:
    """POST the activity, signed with its actor's key (draft-cavage, as Mastodon expects)."""
    ref = actors.ref_of(activity.actor)
    actor = ensure_keys(activity.actor)
    body = json.dumps(activity.payload, ensure_ascii=False).encode()
    headers = signatures.sign_request(
        method="POST",
        url=inbox,
        key_id=actors.key_id(ref),
        private_pem=actor.private_key,
        body=body,
    )
    headers["Content-Type"] = "application/activity+json"
    return client.request("POST", inbox, headers=headers, body=body)


def send(delivery_id: int) -> str:
    """Send one delivery if it is due; returns its state afterwards ("" if not ours to send)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return ""
    down_key = f"federation:down:{delivery.domain}"
    if remote.is_blocked(delivery.domain):
        _finish(delivery, DeliveryState.GAVE_UP, error="instance blocked")
    elif cache.get(down_key):
        _retry(delivery, error="instance did not answer recently", count=False)
    else:
        try:
            response = post(delivery.activity, delivery.inbox)
        except client.FetchError as exc:
            cache.set(down_key, 1, DOWN_SECONDS)
            _retry(delivery, error=str(exc))
        except Exception as exc:
            # Our bug, not their server: still an attempt, so the row backs off and is given
            # up in a day instead of staying "sending" and being handed back forever.
            log.exception("delivery %s to %s failed", delivery.pk, delivery.inbox)
            _retry(delivery, error=f"{type(exc).__name__}: {exc}")
        else:
            if 200 <= response.status < 300:
                _finish(delivery, DeliveryState.DELIVERED, status=response.status)
            elif 400 <= response.status < 500 and response.status not in (401, 408, 429):
                # The inbox refuses it (gone, malformed to them): retrying will not help.
                _finish(
                    delivery,
                    DeliveryState.GAVE_UP,
                    status=response.status,
                    error=response.body[:200].decode(errors="replace"),
                )
            else:
                _retry(delivery, status=response.status)
    delivery.refresh_from_db(fields=["state"])
    return delivery.state


def due() -> list[int]:
    """Deliveries waiting past their time (for backends that cannot defer, and after outages),
    and those whose sender's lease ran out (the worker died mid-POST): back to waiting."""
    now = timezone.now()
    Delivery.objects.filter(state=DeliveryState.SENDING, next_attempt_at__lte=now).update(
        state=DeliveryState.PENDING
    )
    rows = Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
    return list(rows.values_list("pk", flat=True)[:1000])


def unfinished() -> bool:
    return Delivery.objects.filter(
        state__in=(DeliveryState.PENDING, DeliveryState.SENDING)
    ).exists()


def prune() -> dict[str, int]:
    """Delete finished deliveries as the task rows that sent them go (the activities stay, in
    the outbox): delivered ones TASK_RESULT_RETENTION_DAYS after delivery, given-up ones
    TASK_FAILURE_RETENTION_DAYS after their creation."""
    now = timezone.now()
    delivered, _ = Delivery.objects.filter(
        state=DeliveryState.DELIVERED,
        delivered_at__lt=now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS),
    ).delete()
    gave_up, _ = Delivery.objects.filter(
        state=DeliveryState.GAVE_UP,
        created__lt=now - timedelta(days=settings.TASK_FAILURE_RETENTION_DAYS),
    ).delete()
    return {"delivered": delivered, "gave_up": gave_up}
