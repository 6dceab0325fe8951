"""Background work for webhooks: each task takes ids and may run twice without harm.

A failed delivery is retried by a `deliver` deferred to its next_attempt_at (delivery._finish).
The retry sweep (`retry_due`) catches what such a task cannot: a worker killed mid-send whose
lease expired, a queue lost or emptied, a backend that cannot defer. It runs every
SWEEP_EVERY and schedules its own next run, like the daily housekeeping; `manage.py
schedule_webhook_retries` (bin/serve, make cluster) and the housekeeping start it if none waits.
"""

from datetime import timedelta

from django.tasks import TaskResultStatus, task
from django.utils import timezone

SWEEP_EVERY = timedelta(minutes=5)
# A sweep "running" longer than this belonged to a worker that was killed: it schedules nothing.
SWEEP_STALE_AFTER = timedelta(minutes=30)


@task()
def deliver(delivery_id: int) -> str:
    """POST one event to one endpoint (delivery.send claims the row first)."""
    from caucus.webhooks.delivery import send

    return send(delivery_id)


@task()
def retry_due() -> int:
    """Queue deliveries past their retry time and not leased, then come back in SWEEP_EVERY."""
    from caucus.webhooks.delivery import due

    ids = due()
    for pk in ids:
        deliver.enqueue(pk)
    if retry_due.get_backend().supports_defer and not sweep_waiting(running_self=True):
        retry_due.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return len(ids)


def sweep_waiting(*, running_self: bool = False) -> bool:
    """Whether a retry sweep waits in the queue or runs on a live worker (`running_self`:
    the caller is a sweep, whose own running row does not count)."""
    from django_tasks_db.models import DBTaskResult

    sweeps = DBTaskResult.objects.filter(task_path=retry_due.module_path)
    if sweeps.filter(status=TaskResultStatus.READY).exists():
        return True
    live = sweeps.filter(
        status=TaskResultStatus.RUNNING, started_at__gt=timezone.now() - SWEEP_STALE_AFTER
    )
    return live.count() > (1 if running_self else 0)


def sweep_schedule() -> bool:
    """Start the retry sweep unless one waits; whether it was started."""
    if sweep_waiting():
        return False
    retry_due.enqueue()
    return True
