"""Retry sweeps: a task that queues what is due and schedules its own next run.

A failed delivery (webhooks, federation) is retried by a task deferred to its next attempt.
The sweep catches what such a task cannot: a worker killed mid-send whose lease ran out, a
queue lost or emptied, a backend that cannot defer. Exactly one sweep of each kind waits in
the queue: `schedule` starts one unless one waits or runs, a running sweep queues its
successor unless one waits, and whoever queues one keeps a single waiting sweep (two can be
queued at the same moment, by two fan-outs or by two sweeps that ran at once).
"""

from datetime import timedelta

from django.tasks import Task, TaskResultStatus
from django.utils import timezone

EVERY = timedelta(minutes=5)
# A sweep "running" longer than this belonged to a worker that was killed: it schedules nothing.
STALE_AFTER = timedelta(minutes=30)


def _rows(sweep: Task):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=sweep.module_path)


def waiting(sweep: Task, *, running: bool = True) -> bool:
    """Whether a `sweep` waits in the queue, or (`running`) runs on a live worker."""
    rows = _rows(sweep)
    if rows.filter(status=TaskResultStatus.READY).exists():
        return True
    live = rows.filter(status=TaskResultStatus.RUNNING, started_at__gt=timezone.now() - STALE_AFTER)
    return running and live.exists()


def _keep_one(sweep: Task) -> None:
    """Delete the waiting sweeps but the one due first. Every caller picks the same one (a
    total order on the rows), so two callers at once cannot delete each other's."""
    from django_tasks_db.models import get_date_max

    ready = _rows(sweep).filter(status=TaskResultStatus.READY)
    rows = list(ready.values_list("run_after", "enqueued_at", "pk"))
    if len(rows) < 2:
        return
    # A task queued without a time has the backend's "no time" (the year 9999): due at once.
    never = get_date_max()
    first = min(rows, key=lambda r: (r[1] if r[0] == never else r[0], r[1], str(r[2])))
    ready.exclude(pk=first[2]).delete()


def schedule(sweep: Task) -> bool:
    """Start `sweep` unless one waits or runs (it queues its successor); whether it was."""
    if waiting(sweep):
        return False
    sweep.enqueue()
    _keep_one(sweep)
    return True


def again(sweep: Task) -> None:
    """Called by a running sweep: queue its successor EVERY from now (where the backend can
    defer and no sweep waits yet).

    Other running sweeps are not asked: two running at once (queued together) would each
    leave the next run to the other, and neither would queue it."""
    if sweep.get_backend().supports_defer and not waiting(sweep, running=False):
        sweep.using(run_after=timezone.now() + EVERY).enqueue()
        _keep_one(sweep)
