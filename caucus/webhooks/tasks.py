"""Background work for webhooks: each task takes ids and may run twice without harm.

A failed delivery is retried by a `deliver` deferred to its next_attempt_at (delivery._finish).
The retry sweep (`retry_due`, caucus/lib/sweeps.py) catches what such a task cannot: a worker
killed mid-send whose lease expired, a queue lost or emptied, a backend that cannot defer.
`manage.py schedule_retries` (bin/serve, make cluster) and the housekeeping start it if none
waits.
"""

from django.tasks import task

from caucus.lib import sweeps


@task()
def deliver(delivery_id: int) -> str:
    """POST one event to one endpoint (delivery.send claims the row first)."""
    from caucus.webhooks.delivery import send

    return send(delivery_id)


@task()
def retry_due() -> int:
    """Queue deliveries past their retry time and not leased, then come back in sweeps.EVERY."""
    from caucus.webhooks.delivery import due

    ids = due()
    for pk in ids:
        deliver.enqueue(pk)
    sweeps.again(retry_due)
    return len(ids)
