"""ActivityPub endpoints: actors and objects (also by negotiation on the pages), outboxes,
collections, inboxes, activities, and the followers page for those who run an actor."""

import json
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from caucus.federation import actors, objects
from caucus.federation.inbox import InboxError, authenticate, handle, parse_activity, read_body
from caucus.federation.middleware import lookup
from caucus.federation.models import Activity, FederatedObject, LocalActor
from caucus.federation.publishing import backfill
from caucus.public.listing import keyset_page

CONTENT_TYPE = "application/activity+json"
OUTBOX_PAGE = 20


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


def _public_actor(pk: int) -> tuple[LocalActor, actors.Ref]:
    actor = get_object_or_404(LocalActor, pk=pk)
    ref = actors.ref_of(actor)
    if ref is None or not actors.is_public(ref):
        raise Http404
    return actor, ref


@require_GET
def instance_actor(request):
    return ap_response(actors.document(actors.Ref("instance", None)))


def _outbox_item(activity: Activity) -> dict:
    item = {k: v for k, v in activity.payload.items() if k != "@context"}
    if activity.type == "Create" and activity.object is not None:
        item["object"] = activity.object.data  # as last updated, not as first sent
    return item


@require_GET
def outbox(request, pk: int):
    actor, _ref = _public_actor(pk)
    if actor.backfilled_at is None:
        backfill(actor)
    url = actors.endpoint(actor, "outbox")
    items = Activity.objects.filter(actor=actor, in_outbox=True)
    if "page" not in request.GET:
        return ap_response(
            {
                "@context": actors.AS_CONTEXT,
                "id": url,
                "type": "OrderedCollection",
                "totalItems": items.count(),
                "first": f"{url}?page=1",
            }
        )
    cursor = request.GET.get("cursor", "")
    page = keyset_page(items.select_related("object"), cursor, size=OUTBOX_PAGE)
    here = f"{url}?page=1" + (f"&cursor={quote(cursor)}" if cursor else "")
    data = {
        "@context": objects.OBJECT_CONTEXT,
        "id": here,
        "type": "OrderedCollectionPage",
        "partOf": url,
        "orderedItems": [_outbox_item(a) for a in page.items],
    }
    if page.older:
        data["next"] = f"{url}?page=1&cursor={quote(page.older)}"
    return ap_response(data)


@require_GET
def followers(request, pk: int):
    """The count only: who follows an actor is for those who run it (followers_page)."""
    actor, _ref = _public_actor(pk)
    return ap_response(
        {
            "@context": actors.AS_CONTEXT,
            "id": actors.endpoint(actor, "followers"),
            "type": "OrderedCollection",
            "totalItems": actor.follower_count,
        }
    )


@require_GET
def following(request, pk: int):
    actor, _ref = _public_actor(pk)
    return ap_response(
        {
            "@context": actors.AS_CONTEXT,
            "id": actors.endpoint(actor, "following"),
            "type": "OrderedCollection",
            "totalItems": 0,
            "orderedItems": [],
        }
    )


def _receive(request, target: LocalActor | None) -> HttpResponse:
    if request.method != "POST":
        return JsonResponse({"error": "POST activities here"}, status=405)
    try:
        body = read_body(request)
        sender = authenticate(request, body)
        activity = parse_activity(body, sender)
        status = handle(activity, sender, target)
    except InboxError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    return HttpResponse(status=status)


@csrf_exempt
def inbox(request, pk: int):
    actor, _ref = _public_actor(pk)
    return _receive(request, actor)


@csrf_exempt
def shared_inbox(request):
    return _receive(request, None)


@csrf_exempt
def instance_inbox(request):
    return _receive(request, None)


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


def followers_page(request, pk: int):
    """Who follows an actor: for its coordinators (coalition, campaign) or admins."""
    from caucus.federation.guards import get_actor_for_manager

    actor, ref = get_actor_for_manager(request, pk)
    rows = actor.followers.select_related("remote").order_by("-created", "-pk")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    ctx = {
        "actor": actor,
        "name": actors.display_name(ref),
        "page": page,
        "acct": f"@{actors.username(ref)}@{actors.site_host()}",
    }
    return render(request, "federation/followers.html", ctx)


@require_GET
def instance_collection(request):
    """The server's own actor publishes nothing and follows no one."""
    return ap_response(
        {
            "@context": actors.AS_CONTEXT,
            "id": request.build_absolute_uri(),
            "type": "OrderedCollection",
            "totalItems": 0,
            "orderedItems": [],
        }
    )
