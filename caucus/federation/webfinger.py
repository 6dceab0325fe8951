"""Discovery: WebFinger (RFC 7033), host-meta (RFC 6415) and NodeInfo 2.1."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from caucus.federation import actors
from caucus.federation.middleware import actor_ref_for_url

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1"


def _jrd(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, content_type="application/jrd+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _our_hosts() -> set[str]:
    """acct: hosts we answer for: SITE_URL's host with its port, and without it."""
    host = actors.site_host().lower()
    return {host, host.rsplit(":", 1)[0] if ":" in host and not host.endswith("]") else host}


def ref_for_resource(resource: str) -> actors.Ref | None:
    if resource.startswith("acct:"):
        name, at, host = resource[5:].lstrip("@").rpartition("@")
        if not at or host.lower() not in _our_hosts():
            return None
        return actors.find_by_username(name)
    if resource.startswith(("http://", "https://")):
        return actor_ref_for_url(resource)
    return None


@require_GET
@cache_control(max_age=300, public=True)
def webfinger(request):
    resource = request.GET.get("resource", "").strip()
    if not resource or len(resource) > 500:
        return _jrd({"error": "the resource parameter is required"}, status=400)
    ref = ref_for_resource(resource)
    if ref is None:
        return _jrd({"error": "no such resource"}, status=404)
    ident = actors.actor_id(ref)
    page = ident if ref.obj is not None else actors.absolute("/")
    return _jrd(
        {
            "subject": f"acct:{actors.username(ref)}@{actors.site_host()}",
            "aliases": [ident],
            "links": [
                {"rel": "self", "type": "application/activity+json", "href": ident},
                {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": page},
            ],
        }
    )


@require_GET
def host_meta(request):
    template = actors.absolute(reverse("federation:webfinger")) + "?resource={uri}"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" type="application/jrd+json" template="{template}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(xml, content_type="application/xrd+xml")


@require_GET
def nodeinfo_links(request):
    href = actors.absolute(reverse("federation:nodeinfo"))
    return JsonResponse({"links": [{"rel": NODEINFO_SCHEMA, "href": href}]})


def _usage() -> dict:
    """Counts of public things only: public actors and the public index's items whose time
    has come (the index keeps a scheduled statement from when it is scheduled; every list
    that reads it leaves it out until then, as public.listing does)."""
    from caucus.public.models import Publication

    users = sum(actors.public_queryset(kind).count() for kind in actors.MODELS)
    posts = Publication.objects.filter(published_at__lte=timezone.now()).count()
    return {
        "users": {"total": users, "activeMonth": users, "activeHalfyear": users},
        "localPosts": posts,
    }


@require_GET
@cache_control(max_age=1800, public=True)
def nodeinfo(request):
    from importlib.metadata import PackageNotFoundError, version

    try:
        software_version = version("caucus")
    except PackageNotFoundError:
        software_version = "0.1.0"
    document = {
        "version": "2.1",
        "software": {
            "name": "caucus",
            "version": software_version,
            "homepage": settings.SITE_URL,
        },
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
        "openRegistrations": False,
        "usage": _usage(),
        "metadata": {"nodeName": "Caucus", "federation": "FEDERATION.md"},
    }
    return JsonResponse(
        document,
        content_type=f'application/json; profile="{NODEINFO_SCHEMA}#"',
    )
