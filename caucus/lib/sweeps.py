"""Retry sweeps: a task that queues what is due and schedules its own next run.

A failed delivery (webhooks, federation) is retried by a task deferred to its next attempt.
The sweep catches what such a task cannot: a worker killed mid-send whose lease ran out, a
queue lost or emptied, a backend that cannot defer. Exactly one sweep of each kind waits in
the queue: `schedule` starts one unless one waits, and a running sweep queues its successor.
"""

from datetime import timedelta

from django.tasks import Task, TaskResultStatus
from django.utils import timezone

EVERY = timedelta(minutes=5)
# A sweep "running" longer than this belonged to a worker that was killed: it schedules nothing.
STALE_AFTER = timedelta(minutes=30)


def waiting(sweep: Task, *, running_self: bool = False) -> bool:
    """Whether a `sweep` waits in the queue or runs on a live worker (`running_self`: the
    caller is that sweep, whose own running row does not count)."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=sweep.module_path)
    if rows.filter(status=TaskResultStatus.READY).exists():
        return True
    live = rows.filter(status=TaskResultStatus.RUNNING, started_at__gt=timezone.now() - STALE_AFTER)
    return live.count() > (1 if running_self else 0)


def schedule(sweep: Task) -> bool:
    """Start `sweep` unless one waits; whether it was started."""
    if waiting(sweep):
        return False
    sweep.enqueue()
    return True


def again(sweep: Task) -> None:
    """Called by a running sweep: queue its successor EVERY from now (where the backend can
    defer and no other sweep waits)."""
    if sweep.get_backend().supports_defer and not waiting(sweep, running_self=True):
        sweep.using(run_after=timezone.now() + EVERY).enqueue()
