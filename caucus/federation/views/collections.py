"""ActivityPub collections: outboxes, followers and following, and the followers page for
those who run an actor."""

from urllib.parse import quote

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from caucus.federation import actors, objects
from caucus.federation.models import Activity
from caucus.federation.publishing import backfill
from caucus.federation.views.documents import ap_response, public_actor
from caucus.public.listing import keyset_page

OUTBOX_PAGE = 20


def _outbox_item(activity: Activity) -> dict:
    item = {k: v for k, v in activity.payload.items() if k != "@context"}
    if activity.type == "Create" and activity.object is not None:
        item["object"] = activity.object.data  # as last updated, not as first sent
    return item


@require_GET
def outbox(request, pk: int):
    actor, _ref = public_actor(pk)
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
    actor, _ref = public_actor(pk)
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
    actor, _ref = public_actor(pk)
    return ap_response(
        {
            "@context": actors.AS_CONTEXT,
            "id": actors.endpoint(actor, "following"),
            "type": "OrderedCollection",
            "totalItems": 0,
            "orderedItems": [],
        }
    )


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
