"""Listening to the domain apps (connected in FederationConfig.ready; they never import us).

Every save or delete of a federated kind queues `sync_object` after the commit: a rolled-back
change is never federated, and the comparison with what followers were told happens in a
worker. Saving an organization, coalition or campaign queues `sync_actor`, which also syncs
the objects whose visibility follows it when that visibility changed. Statements also tell us,
by signal, when a scheduled publication or revision reaches its time (no save happens then).
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from caucus.federation.objects import KINDS

# Fields whose change changes what followers may see of the objects below an actor or a case.
WATCHED = {
    "coalitions.Coalition": ("is_public", "slug", "member_list"),  # member_list: boosts
    "organizations.Organization": ("is_public", "slug"),
    "campaigns.Campaign": ("coalition_id", "slug"),
    "solidarity.Case": ("protected", "display_name", "published_at", "coalition_id", "country"),
}
# What protected mode withholds (the full name, the city) is kept apart from the case: saving
# it changes how the case's entries are worded for the public.
CASE_SECRETS = "solidarity.CaseRecord"
# Saving one of these changes the object it belongs to: (model, kind, attribute holding the pk).
PARTS = [
    ("statements.Translation", "statement", "statement_id"),
    ("statements.Publication", "statement", "statement_id"),
]


def _queue_sync(kind: str, pk: int) -> None:
    from caucus.federation.tasks import sync_object

    transaction.on_commit(partial(sync_object.enqueue, kind, pk))


def _on_object_change(kind: str):
    def receiver(sender, instance, **kwargs):
        if not kwargs.get("raw"):
            _queue_sync(kind, instance.pk)

    return receiver


def _on_part_change(kind: str, attribute: str):
    def receiver(sender, instance, **kwargs):
        if not kwargs.get("raw") and getattr(instance, attribute, None):
            _queue_sync(kind, getattr(instance, attribute))

    return receiver


def _before_save(fields):
    def receiver(sender, instance, **kwargs):
        if instance.pk is not None and not kwargs.get("raw"):
            instance._federation_before = sender.objects.filter(pk=instance.pk).values(*fields)
            instance._federation_before = instance._federation_before.first()

    return receiver


def _after_actor_save(kind: str, fields):
    def receiver(sender, instance, **kwargs):
        from caucus.federation.tasks import sync_actor, sync_object

        if kwargs.get("raw"):
            return
        before = getattr(instance, "_federation_before", None)
        changed = before is None or any(before[f] != getattr(instance, f) for f in fields)
        if kind == "case":
            if changed:
                for pk in instance.entries.values_list("pk", flat=True):
                    transaction.on_commit(partial(sync_object.enqueue, "entry", pk))
            return
        transaction.on_commit(partial(sync_actor.enqueue, kind, instance.pk, changed))

    return receiver


def _on_case_secrets(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    from caucus.federation.tasks import sync_object

    case_id = instance.case_id
    _queue_sync("case", case_id)
    entries = apps.get_model("solidarity.TimelineEntry").objects.filter(case_id=case_id)
    for pk in entries.values_list("pk", flat=True):
        transaction.on_commit(partial(sync_object.enqueue, "entry", pk))


def _statement_signal(sender, statement, **kwargs) -> None:
    _queue_sync("statement", statement.pk)


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name.removesuffix("_id"))
    except Exception:  # noqa: BLE001 — FieldDoesNotExist
        return False
    return True


def connect() -> None:
    for kind in KINDS:
        model = apps.get_model(kind.model)
        post_save.connect(
            _on_object_change(kind.name),
            sender=model,
            weak=False,
            dispatch_uid=f"federation-save-{kind.name}",
        )
        post_delete.connect(
            _on_object_change(kind.name),
            sender=model,
            weak=False,
            dispatch_uid=f"federation-delete-{kind.name}",
        )
    for label, kind, attribute in PARTS:
        receiver = _on_part_change(kind, attribute)
        model = apps.get_model(label)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"fed-part-{label}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"fed-pdel-{label}")
    kinds = {
        "coalitions.Coalition": "coalition",
        "organizations.Organization": "organization",
        "campaigns.Campaign": "campaign",
        "solidarity.Case": "case",
    }
    for label, fields in WATCHED.items():
        model = apps.get_model(label)
        fields = tuple(f for f in fields if _has_field(model, f))
        pre_save.connect(
            _before_save(fields),
            sender=model,
            weak=False,
            dispatch_uid=f"federation-before-{label}",
        )
        post_save.connect(
            _after_actor_save(kinds[label], fields),
            sender=model,
            weak=False,
            dispatch_uid=f"federation-after-{label}",
        )
    try:
        secrets = apps.get_model(CASE_SECRETS)
    except LookupError:
        secrets = None
    if secrets is not None:
        post_save.connect(_on_case_secrets, sender=secrets, dispatch_uid="federation-case-secrets")
    from caucus.statements import signals

    signals.revision_published.connect(_statement_signal, dispatch_uid="federation-revision")
    went_public = getattr(signals, "went_public", None)
    if went_public is not None:
        went_public.connect(_statement_signal, dispatch_uid="federation-went-public")
    from caucus.signatures.signals import housekeeping

    housekeeping.connect(_on_housekeeping, dispatch_uid="federation-housekeeping")


def _on_housekeeping(sender, **kwargs) -> dict[str, dict[str, int]]:
    """Once a day: prune finished deliveries, and restart the retry sweep if the queue lost it
    while deliveries were unfinished."""
    from caucus.federation import delivery, tasks
    from caucus.lib import sweeps

    if delivery.unfinished():
        sweeps.schedule(tasks.retry_due)
    return {"federation_deliveries": delivery.prune()}
