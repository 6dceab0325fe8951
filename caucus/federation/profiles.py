"""When an organization, coalition or campaign changes: its followers see the new profile
(Update of the actor), or the actor goes (Delete) when its page stops being public; the
objects whose visibility follows it are synced again."""

import hashlib
import json

from django.apps import apps
from django.db import transaction

from caucus.federation import actors
from caucus.federation.models import Follower, LocalActor


def _digest(document: dict) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def recount(actor: LocalActor) -> None:
    """Keep the public follower count (read by the followers collection) in step."""
    count = actor.followers.filter(state="accepted").count()
    LocalActor.objects.filter(pk=actor.pk).update(follower_count=count)


def profile_changed(kind: str, pk: int, *, resync: bool = True) -> list[str]:
    from caucus.federation.delivery import fan_out
    from caucus.federation.publishing import dependents, record, sync

    obj = apps.get_model(actors.MODELS[kind]).objects.filter(pk=pk).first()
    actor = LocalActor.objects.filter(kind=kind, object_id=pk).first()
    sent: list[str] = []
    ref = actors.Ref(kind, obj) if obj is not None else None
    if actor is not None and actor.followers.exists():
        if ref is not None and actors.is_public(ref):
            document = actors.document(ref)
            digest = _digest(document)
            if digest != actor.profile_digest:
                LocalActor.objects.filter(pk=actor.pk).update(profile_digest=digest)
                body = {"object": document, "to": [actors.AS_PUBLIC], "cc": [document["followers"]]}
                with transaction.atomic():
                    activity = record(actor, "Update", body)
                fan_out(activity)
                sent.append("Update")
        else:
            ident = actors.actor_id(ref) if ref is not None else None
            if ident:
                with transaction.atomic():
                    activity = record(actor, "Delete", {"object": ident, "to": [actors.AS_PUBLIC]})
                fan_out(activity)
                sent.append("Delete")
            Follower.objects.filter(actor=actor).delete()
            recount(actor)
    if resync and ref is not None:
        for item_kind, item_pk in dependents(ref):
            sent += sync(item_kind, item_pk)
    return sent
