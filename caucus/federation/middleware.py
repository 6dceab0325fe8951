"""ActivityPub content negotiation on the public pages, without touching the domain views.

A GET of an organization, coalition, campaign, statement, event or case page that asks for
`application/activity+json` (or `application/ld+json` with the ActivityStreams profile) gets
the actor or object document from federation/views/documents.py instead of the HTML page.
Either way the answer carries `Vary: Accept`, so no cache (ours: statements.cache keys pages
by path and sees only HTML requests, since this runs first; or a shared one) serves one for
the other.
"""

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from caucus.federation import actors

# url name → (what it is, how the page's URL names it)
ROUTES = {
    "public:organization": ("actor", "organization", "slug"),
    "public:coalition": ("actor", "coalition", "slug"),
    "campaigns:campaign": ("actor", "campaign", "slug"),
    "statements:detail": ("object", "statement", "slug"),
    "campaigns:event": ("object", "event", "uid"),
    "solidarity:case": ("object", "case", "slug"),
}
PREFIXES = ("/o/", "/c/", "/campaigns/", "/s/", "/events/", "/cases/")
AP_TYPES = ("application/activity+json", "application/ld+json")


def negotiable(path: str) -> tuple[str, str, str] | None:
    """(role, kind, key) when `path` is a page that also has an ActivityPub representation."""
    if not path.startswith(PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    route = ROUTES.get(match.view_name)
    if route is None:
        return None
    role, kind, arg = route
    return role, kind, str(match.kwargs[arg])


def wants_activitypub(request: HttpRequest) -> bool:
    """An ActivityPub type is accepted and preferred to HTML (browsers never ask for one)."""
    best_ap, html = 0.0, 0.0
    for item in request.headers.get("Accept", "")[:1000].split(","):
        media, *params = [part.strip() for part in item.split(";")]
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if media in AP_TYPES:
            best_ap = max(best_ap, quality)
        elif media in ("text/html", "application/xhtml+xml"):
            html = max(html, quality)
    return best_ap > 0 and best_ap >= html


def lookup(kind: str, key: str):
    """The domain object a page names, or None (actors only when public)."""
    from django.apps import apps

    from caucus.federation.objects import BY_NAME

    if kind in actors.MODELS:
        obj = actors.public_queryset(kind).filter(slug=key).first()
        return obj if obj is not None and actors.is_public(actors.Ref(kind, obj)) else None
    model = apps.get_model(BY_NAME[kind].model)
    field = "uid" if kind == "event" else "slug"
    try:
        return model.objects.filter(**{field: key}).first()
    except (ValueError, TypeError):
        return None


def actor_ref_for_url(url: str) -> actors.Ref | None:
    """The public actor whose id is `url` (on our own site), or None."""
    site = actors.absolute("/")
    if url == actors.actor_id(actors.Ref("instance", None)):
        return actors.Ref("instance", None)
    if not url.startswith(site):
        return None
    found = negotiable("/" + url[len(site) :].split("?", 1)[0].split("#", 1)[0])
    if found is None or found[0] != "actor":
        return None
    obj = lookup(found[1], found[2])
    return actors.Ref(found[1], obj) if obj is not None else None


class ActivityPubNegotiationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        found = negotiable(request.path_info) if request.method in ("GET", "HEAD") else None
        if found is not None and wants_activitypub(request):
            from caucus.federation.views.documents import negotiated

            response = negotiated(request, *found)
        else:
            response = self.get_response(request)
        if found is not None:
            patch_vary_headers(response, ["Accept"])
        return response
