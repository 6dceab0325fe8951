"""Our actors: which domain objects are followable, their names, ids and actor documents.

An organization is an `Organization`, a coalition a `Group`, a campaign a `Group` too (Mastodon
shows a Group as a followable account without the "bot" badge a `Service` gets, and Mobilizon
lists a Group's events as that group's agenda; see FEDERATION.md). The server itself is an
`Application` that signs our GETs. An actor exists only while its page is public: the same
rules as the pages (Organization.is_public, Coalition.is_public, a campaign of a public
coalition, as campaigns.permissions.get_public_campaign).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from caucus.federation.keys import ensure_keys
from caucus.federation.models import ActorKind, LocalActor
from caucus.lib import images
from caucus.lib.urls import absolute_url

AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
USERNAME = re.compile(r"^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$")
# A slug shared by two kinds goes to the first; the others get a suffix (slugs have no dots).
PRIORITY = [ActorKind.COALITION, ActorKind.ORGANIZATION, ActorKind.CAMPAIGN]
SUFFIX = {
    ActorKind.COALITION: "coalition",
    ActorKind.ORGANIZATION: "org",
    ActorKind.CAMPAIGN: "campaign",
}
MODELS = {
    ActorKind.COALITION: "coalitions.Coalition",
    ActorKind.ORGANIZATION: "organizations.Organization",
    ActorKind.CAMPAIGN: "campaigns.Campaign",
}
TYPES = {
    ActorKind.COALITION: "Group",
    ActorKind.ORGANIZATION: "Organization",
    ActorKind.CAMPAIGN: "Group",
    ActorKind.INSTANCE: "Application",
}
ACTOR_CONTEXT = [
    AS_CONTEXT,
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
        "schema": "http://schema.org#",
        "PropertyValue": "schema:PropertyValue",
        "value": "schema:value",
    },
]


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else absolute_url(path)


def site_host() -> str:
    """SITE_URL's host with its port, as in acct: addresses (127.0.0.1:8000 in development)."""
    return urlsplit(settings.SITE_URL).netloc


@dataclass(frozen=True)
class Ref:
    """A domain object that is (or would be) one of our actors."""

    kind: str
    obj: object | None  # None for the instance actor


def public_queryset(kind: str):
    model = apps.get_model(MODELS[kind])
    if kind == ActorKind.CAMPAIGN:
        return model.objects.filter(coalition__is_public=True).select_related("coalition")
    return model.objects.filter(is_public=True)


def is_public(ref: Ref) -> bool:
    if ref.kind == ActorKind.INSTANCE:
        return True
    if ref.kind == ActorKind.CAMPAIGN:
        return ref.obj.coalition.is_public
    return ref.obj.is_public


def local_actor(ref: Ref) -> LocalActor:
    object_id = 0 if ref.obj is None else ref.obj.pk
    actor, _created = LocalActor.objects.get_or_create(kind=ref.kind, object_id=object_id)
    return actor


def ref_of(actor: LocalActor) -> Ref | None:
    """The domain object behind a LocalActor, or None if it is gone."""
    if actor.kind == ActorKind.INSTANCE:
        return Ref(ActorKind.INSTANCE, None)
    obj = apps.get_model(MODELS[actor.kind]).objects.filter(pk=actor.object_id).first()
    return Ref(actor.kind, obj) if obj is not None else None


def instance_username() -> str:
    return urlsplit(settings.SITE_URL).hostname or "caucus"


def username(ref: Ref) -> str:
    if ref.kind == ActorKind.INSTANCE:
        return instance_username()
    slug = ref.obj.slug
    earlier = PRIORITY[: PRIORITY.index(ref.kind)]
    taken = any(apps.get_model(MODELS[k]).objects.filter(slug=slug).exists() for k in earlier)
    if USERNAME.match(slug) and not taken:
        return slug
    return f"{slug.lower().strip('-_') or 'x'}.{SUFFIX[ref.kind]}"


def find_by_username(name: str) -> Ref | None:
    """The public actor called `name` (case-insensitive, as Mastodon compares), or None."""
    name = name.lower()
    if name == instance_username():
        return Ref(ActorKind.INSTANCE, None)
    base, dot, suffix = name.rpartition(".")
    if dot:
        kind = next((k for k, s in SUFFIX.items() if s == suffix), None)
        if kind is None:
            return None
        candidates = public_queryset(kind).filter(slug__icontains=base)[:20]
        return next((Ref(kind, o) for o in candidates if username(Ref(kind, o)) == name), None)
    for kind in PRIORITY:
        obj = apps.get_model(MODELS[kind]).objects.filter(slug=name).first()
        if obj is not None:
            ref = Ref(kind, obj)
            return ref if is_public(ref) and username(ref) == name else None
    return None


def actor_id(ref: Ref) -> str:
    if ref.kind == ActorKind.INSTANCE:
        return absolute(reverse("federation:instance_actor"))
    return absolute(ref.obj.get_absolute_url())


def endpoint(actor: LocalActor, name: str) -> str:
    if actor.kind == ActorKind.INSTANCE:
        return absolute(reverse(f"federation:instance_{name}"))
    return absolute(reverse(f"federation:{name}", args=[actor.pk]))


def key_id(ref: Ref) -> str:
    return actor_id(ref) + "#main-key"


def _link(name: str, url: str) -> dict:
    shown = escape(url.split("://", 1)[-1].rstrip("/"))
    return {
        "type": "PropertyValue",
        "name": name,
        "value": f'<a href="{escape(url)}" rel="me nofollow noopener noreferrer" '
        f'target="_blank">{shown}</a>',
    }


def _profile(ref: Ref) -> tuple[str, str, list[dict]]:
    """(name, summary HTML, attachments) of a public actor; nothing private."""
    obj, kind = ref.obj, ref.kind
    if kind == ActorKind.INSTANCE:
        return "Caucus", "", []
    page = absolute(obj.get_absolute_url())
    if kind == ActorKind.ORGANIZATION:
        fields = [_link("Website", obj.website)] if obj.website else []
        fields.append({"type": "PropertyValue", "name": "Country", "value": obj.country_name})
        return obj.name, obj.description_html, fields
    if kind == ActorKind.COALITION:
        return obj.name, obj.description_html, [_link("Page", page)]
    dates = f"{obj.starts_on.isoformat()} – {obj.ends_on.isoformat()}"
    fields = [{"type": "PropertyValue", "name": "Dates", "value": dates}]
    fields.append(_link("Coalition", absolute(obj.coalition.get_absolute_url())))
    summary = obj.description_html or f"<p>{escape(obj.summary)}</p>"
    return obj.title, summary, fields


def _image(file) -> dict | None:
    """An uploaded image as an `Image`, if it is one Mastodon shows (PNG, JPEG, WebP, which
    lib.images writes, or GIF); anything else stored by hand (an SVG) is left out."""
    media_type = images.media_type(file.name) if file else None
    if media_type is None:
        return None
    return {"type": "Image", "mediaType": media_type, "url": absolute(file.url)}


def _images(ref: Ref) -> dict:
    """`icon` (the avatar: the logo) and `image` (the profile header) of an actor, when set."""
    found = {}
    for prop, attribute in (("icon", "logo"), ("image", "header")):
        image = _image(getattr(ref.obj, attribute, None))
        if image is not None:
            found[prop] = image
    return found


def display_name(ref: Ref) -> str:
    return _profile(ref)[0]


def document(ref: Ref) -> dict:
    """The actor document, served at the page's URL by content negotiation."""
    actor = ensure_keys(local_actor(ref))
    ident = actor_id(ref)
    name, summary, fields = _profile(ref)
    doc = {
        "@context": ACTOR_CONTEXT,
        "id": ident,
        "type": TYPES[ref.kind],
        "preferredUsername": username(ref),
        "name": name,
        "summary": summary,
        "url": ident if ref.obj is not None else absolute("/"),
        "inbox": endpoint(actor, "inbox"),
        "outbox": endpoint(actor, "outbox"),
        "followers": endpoint(actor, "followers"),
        "following": endpoint(actor, "following"),
        "endpoints": {"sharedInbox": absolute(reverse("federation:shared_inbox"))},
        "publicKey": {"id": key_id(ref), "owner": ident, "publicKeyPem": actor.public_key},
        "manuallyApprovesFollowers": actor.manually_approves_followers,
        "discoverable": ref.kind != ActorKind.INSTANCE,
        "indexable": ref.kind != ActorKind.INSTANCE,
        "published": (ref.obj.created if ref.obj is not None else actor.created).isoformat(),
        "attachment": fields,
        **_images(ref),
    }
    return doc
