"""Background work for webhooks: each task takes ids and may run twice without harm."""

from django.tasks import task


@task()
def deliver(delivery_id: int) -> str:
    """POST one event to one endpoint (delivery.send claims the row first)."""
    from caucus.webhooks.delivery import send

    return send(delivery_id)


@task()
def retry_due() -> int:
    """Queue deliveries past their retry time whose worker is gone."""
    from caucus.webhooks.delivery import due

    ids = due()
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
