"""ActivityPub documents: actors and objects (also by negotiation on the pages) and the
activities fetched at their ids."""

import json

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from caucus.federation import actors, objects
from caucus.federation.middleware import lookup
from caucus.federation.models import Activity, FederatedObject, LocalActor

CONTENT_TYPE = "application/activity+json"


def ap_response(data: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def not_found() -> HttpResponse:
    return ap_response({"error": "not found"}, status=404)


def object_document(kind_name: str, obj, ap_id: str) -> HttpResponse:
    """The object as it is now; a Tombstone (410) if it was federated and is no longer public,
    or no longer there: a deleted row is found by the id followers were given (`ap_id`)."""
    kind = objects.BY_NAME[kind_name]
    built = kind.build(obj) if obj is not None else None
    if built is not None:
        owner = actors.local_actor(built.owner)
        data = objects.render(kind, obj, built, actors.endpoint(owner, "followers"))
        return ap_response({"@context": objects.OBJECT_CONTEXT, **data})
    gone = FederatedObject.objects.filter(kind=kind_name, deleted_at__isnull=False)
    gone = gone.filter(object_id=obj.pk) if obj is not None else gone.filter(ap_id=ap_id)
    gone = gone.first()
    if gone is not None:
        stone = objects.tombstone(gone.ap_id, gone.data.get("type", "Object"), gone.deleted_at)
        return ap_response({"@context": objects.OBJECT_CONTEXT, **stone}, status=410)
    return not_found()


def negotiated(request, role: str, kind: str, key: str) -> HttpResponse:
    """What the middleware serves instead of a page to an ActivityPub client."""
    obj = lookup(kind, key)
    if role == "actor":
        return ap_response(actors.document(actors.Ref(kind, obj))) if obj else not_found()
    return object_document(kind, obj, actors.absolute(request.path))


def public_actor(pk: int) -> tuple[LocalActor, actors.Ref]:
    actor = get_object_or_404(LocalActor, pk=pk)
    ref = actors.ref_of(actor)
    if ref is None or not actors.is_public(ref):
        raise Http404
    return actor, ref


@require_GET
def instance_actor(request):
    return ap_response(actors.document(actors.Ref("instance", None)))


def _deleted_id(row: Activity) -> str:
    deleted = row.payload.get("object")
    return deleted.get("id", "") if isinstance(deleted, dict) else str(deleted or "")


@require_GET
def activity(request, uid):
    """Our activities can be fetched at their id; those about deleted objects are gone."""
    row = get_object_or_404(Activity.objects.select_related("actor", "object"), uid=uid)
    ref = actors.ref_of(row.actor)
    if row.type not in ("Create", "Update", "Delete", "Announce") or ref is None:
        return not_found()
    if not actors.is_public(ref):
        return not_found()
    if row.type != "Delete" and row.object is not None and row.object.deleted_at is not None:
        return ap_response({"error": "gone"}, status=410)
    if row.type == "Announce" and not row.in_outbox:  # a boost taken back (Undo)
        return ap_response({"error": "gone"}, status=410)
    if row.type == "Delete" and row.object is not None and row.object.ap_id != _deleted_id(row):
        # followers were told; the id it names was given up for a new one (see sync)
        return ap_response({"error": "gone"}, status=410)
    payload = row.payload
    if row.type in ("Create", "Update") and row.object is not None:
        # The object as last updated, as in the outbox: as first sent it may hold what has
        # had to be withheld since (a case turned protected, the Trust issue).
        payload = {**payload, "object": row.object.data}
    return ap_response(payload)


@require_GET
def object_view(request, kind: str, pk: int):
    """Objects without a page of their own: timeline entries, resolutions, ledger heads."""
    if kind not in ("entry", "resolution", "head"):
        raise Http404
    from django.apps import apps

    obj = apps.get_model(objects.BY_NAME[kind].model).objects.filter(pk=pk).first()
    from caucus.federation.middleware import wants_activitypub

    if not wants_activitypub(request):
        built = objects.BY_NAME[kind].build(obj) if obj is not None else None
        if built is None:
            raise Http404
        return HttpResponseRedirect(built.data["url"])
    return object_document(kind, obj, actors.absolute(request.path))
