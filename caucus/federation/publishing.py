"""Telling followers what changed: Create, Update, Delete and Announce from the domain's objects.

`sync(kind, pk)` compares the object as it is now (objects.KINDS) with what followers were last
told (FederatedObject) and sends the difference:

1. Public now, unknown before: Create from the owner, Announce from each relay (the coalition
   boosts what its campaigns and member organizations publish).
2. Public now and known: Update when the rendering changed (a revision, a translation, an
   action moved or cancelled); Announce from relays that have not boosted it yet, Undo of the
   Announce from those that no longer boost it (a coalition's member list made members-only).
3. Not public now (withdrawn, rejected, a coalition made private, deleted) but known: Delete
   with a Tombstone, and the object leaves the outboxes.

Deliveries go to the followers of the owner and of every relay (delivery.fan_out). `quiet`
records without delivering: the backfill of what was published before an actor existed.
"""

import hashlib
import json
import logging

from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from caucus.federation import actors, objects
from caucus.federation.actors import AS_PUBLIC, Ref
from caucus.federation.models import Activity, FederatedObject, LocalActor

log = logging.getLogger(__name__)


def activity_url(activity: Activity) -> str:
    return actors.absolute(reverse("federation:activity", args=[activity.uid]))


def record(
    actor: LocalActor, type_: str, body: dict, *, obj=None, in_outbox=False, published=None
) -> Activity:
    """Save an activity with its id filled in; `body` holds everything but id and type."""
    ref = actors.ref_of(actor)
    activity = Activity(
        actor=actor,
        type=type_,
        object=obj,
        payload={},
        in_outbox=in_outbox,
        published_at=published or timezone.now(),
    )
    activity.payload = {
        "@context": objects.OBJECT_CONTEXT,
        "id": activity_url(activity),
        "type": type_,
        "actor": actors.actor_id(ref),
        **body,
    }
    activity.save()
    return activity


def _digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _announce(fo: FederatedObject, relay: LocalActor, owner_id: str) -> Activity:
    followers = actors.endpoint(relay, "followers")
    body = {
        "object": fo.ap_id,
        "published": fo.published.isoformat(),
        "to": [AS_PUBLIC],
        "cc": [followers, owner_id],
    }
    # Dated like the object, so an outbox lists boosts and posts in the order of the site.
    return record(relay, "Announce", body, obj=fo, in_outbox=True, published=fo.published)


def _announces(fo: FederatedObject):
    return Activity.objects.filter(object=fo, type="Announce", in_outbox=True)


def _relays_announced(fo: FederatedObject) -> set[int]:
    return set(_announces(fo).values_list("actor_id", flat=True))


def _undo_announce(announce: Activity) -> Activity:
    """A relay stops boosting (its member list was made members-only): the boost leaves its
    outbox and its id, and its followers are asked to take it back."""
    announce.in_outbox = False
    announce.save(update_fields=["in_outbox"])
    undone = {k: announce.payload[k] for k in ("id", "type", "actor", "object")}
    followers = actors.endpoint(announce.actor, "followers")
    body = {"object": undone, "to": [AS_PUBLIC], "cc": [followers]}
    return record(announce.actor, "Undo", body, obj=announce.object)


def sync(kind_name: str, pk: int, *, quiet: bool = False) -> list[str]:
    """Bring followers in step with one object; returns the types sent (for tests and logs)."""
    from caucus.federation.delivery import fan_out

    kind = objects.BY_NAME[kind_name]
    obj = apps.get_model(kind.model).objects.filter(pk=pk).first()
    built = kind.build(obj) if obj is not None else None
    outgoing: list[Activity] = []
    with transaction.atomic():
        fo = FederatedObject.objects.select_for_update().filter(kind=kind_name, object_id=pk)
        fo = fo.first()
        live = fo is not None and fo.deleted_at is None
        if built is None:
            if live:
                outgoing.append(_delete(fo))
        else:
            owner = actors.local_actor(built.owner)
            relays = [actors.local_actor(r) for r in built.relays if actors.is_public(r)]
            data = objects.render(kind, obj, built, actors.endpoint(owner, "followers"))
            if live and (fo.owner_id != owner.pk or fo.ap_id != data["id"]):
                # A new owner publishes it afresh, and so does a new address: followers drop
                # the copy kept under the old one (a case's, which could name a person who
                # is protected since: the Trust issue).
                outgoing.append(_delete(fo))
            outgoing += _publish(kind_name, pk, fo, owner, relays, data, built)
    if not quiet:
        for activity in outgoing:
            transaction.on_commit(lambda a=activity: fan_out(a))
    return [activity.type for activity in outgoing]


def _publish(kind_name, pk, fo, owner, relays, data, built) -> list[Activity]:
    digest = _digest(data)
    owner_id = data["attributedTo"]
    if fo is None or fo.deleted_at is not None:
        try:
            with transaction.atomic():
                fo, _ = FederatedObject.objects.update_or_create(
                    kind=kind_name,
                    object_id=pk,
                    defaults={
                        "ap_id": data["id"],
                        "owner": owner,
                        "data": data,
                        "digest": digest,
                        "published": built.published,
                        "deleted_at": None,
                    },
                )
        except IntegrityError:
            log.warning("federation: %s %s collides with another object's id", kind_name, pk)
            return []
        body = {
            "object": data,
            "published": data.get("published"),
            "to": data["to"],
            "cc": data["cc"],
        }
        created = record(owner, "Create", body, obj=fo, in_outbox=True, published=built.published)
        return [created] + [_announce(fo, relay, owner_id) for relay in relays]
    announced = _relays_announced(fo)
    boosting = {relay.pk for relay in relays}
    sent = [_undo_announce(a) for a in _announces(fo).exclude(actor_id__in=boosting)]
    sent += [_announce(fo, relay, owner_id) for relay in relays if relay.pk not in announced]
    if fo.digest == digest:
        return sent
    fo.data, fo.digest, fo.updated = data, digest, timezone.now()
    fo.save(update_fields=["data", "digest", "updated"])
    body = {"object": data, "published": fo.updated.isoformat(), "to": data["to"], "cc": data["cc"]}
    return [record(owner, "Update", body, obj=fo), *sent]


def _delete(fo: FederatedObject) -> Activity:
    now = timezone.now()
    Activity.objects.filter(object=fo, in_outbox=True).update(in_outbox=False)
    fo.deleted_at = now
    fo.save(update_fields=["deleted_at"])
    stone = objects.tombstone(fo.ap_id, fo.data.get("type", "Object"), now)
    body = {"object": stone, "to": [AS_PUBLIC], "cc": fo.data.get("cc", [])}
    return record(fo.owner, "Delete", body, obj=fo)


def dependents(ref: Ref) -> list[tuple[str, int]]:
    """(kind, pk) of the objects whose visibility or rendering follows this actor's object."""
    obj, found = ref.obj, []

    def add(kind: str, queryset) -> None:
        found.extend((kind, pk) for pk in queryset.values_list("pk", flat=True))

    model = apps.get_model
    if ref.kind == "coalition":
        add("statement", model("statements.Statement").objects.filter(author_coalition=obj))
        # What its member organizations publish: boosted while its member list is public.
        members = obj.active_organizations().values("pk")
        statements = model("statements.Statement").objects
        add("statement", statements.filter(author_organization__in=members))
        add("event", model("campaigns.Event").objects.filter(campaign__coalition=obj))
        add("case", model("solidarity.Case").objects.filter(coalition=obj))
        add("entry", model("solidarity.TimelineEntry").objects.filter(case__coalition=obj))
        add("resolution", model("decisions.Motion").objects.filter(coalition=obj))
        add("head", model("decisions.HeadPost").objects.filter(vote__motion__coalition=obj))
    elif ref.kind == "organization":
        add("statement", model("statements.Statement").objects.filter(author_organization=obj))
        add("event", model("campaigns.Event").objects.filter(organization=obj))
    elif ref.kind == "campaign":
        add("event", model("campaigns.Event").objects.filter(campaign=obj))
    return found


def backfill(actor: LocalActor) -> int:
    """Record (without delivering) what the actor published before it was first asked for."""
    ref = actors.ref_of(actor)
    if ref is None or ref.obj is None:
        return 0
    claimed = LocalActor.objects.filter(pk=actor.pk, backfilled_at__isnull=True).update(
        backfilled_at=timezone.now()
    )
    if not claimed:
        return 0
    # What another actor's backfill (or a publication) already recorded is in step already.
    known = set(FederatedObject.objects.values_list("kind", "object_id"))
    items = [item for item in dependents(ref) if item not in known]
    for kind, pk in items:
        sync(kind, pk, quiet=True)
    return len(items)
