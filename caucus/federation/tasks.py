"""Background work for federation: each task takes ids and may run twice without harm."""

from django.tasks import task

from caucus.lib import sweeps


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
    """The retry sweep (caucus/lib/sweeps.py): queue deliveries past their retry time or whose
    sender's lease ran out, and come back while any delivery is unfinished. Started by each
    fan-out, the daily housekeeping and `manage.py federation_retry`."""
    from caucus.federation.delivery import due, unfinished

    ids = due()
    for pk in ids:
        deliver.enqueue(pk)
    if unfinished():
        sweeps.again(retry_due)
    return len(ids)
