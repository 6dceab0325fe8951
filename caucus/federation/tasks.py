"""Background work for federation: each task takes ids and may run twice without harm."""

from django.tasks import task


@task()
def deliver(delivery_id: int) -> str:
    """POST one activity to one inbox (delivery.send claims the row first)."""
    from caucus.federation.delivery import send

    return send(delivery_id)


@task()
def sync_object(kind: str, pk: int) -> list[str]:
    """Create, Update or Delete one object for followers (publishing.sync compares first)."""
    from caucus.federation.publishing import sync

    return sync(kind, pk)


@task()
def sync_actor(kind: str, pk: int, resync: bool = True) -> list[str]:
    """An organization, coalition or campaign changed: its profile, and (`resync`, when its
    visibility changed) the objects that depend on it."""
    from caucus.federation.profiles import profile_changed

    return profile_changed(kind, pk, resync=resync)


@task()
def retry_due() -> int:
    """Queue deliveries past their retry time (run by `manage.py federation_retry`)."""
    from caucus.federation.delivery import due

    ids = due()
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
