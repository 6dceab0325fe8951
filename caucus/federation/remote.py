"""Other servers' actors and keys, fetched with a GET signed by our instance actor and cached.

Signing every GET keeps us readable by servers in "authorized fetch" (secure) mode. A key is
trusted for an actor only when both agree: the key document names the actor as its owner and
the actor document lists the key, on the same host as the keyId.

An inbox keeps what it fetched only once the request is accepted (`remember`): a refused one
(a bad signature, a replay, a forged actor, a malformed body) leaves no row behind and
refreshes none, so a stranger cannot fill or rewrite the cache by sending garbage.
"""

import json
from urllib.parse import urlsplit

from django.utils import timezone

from caucus.federation import actors, client, signatures
from caucus.federation.keys import ensure_keys
from caucus.federation.models import ActorKind, InstanceBlock, RemoteActor

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
ACTOR_TYPES = {"Person", "Service", "Group", "Organization", "Application"}


def host_of(url: str) -> str:
    """The URL's host in lower case; "" when it has none or is not a URL at all."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # an unclosed [IPv6 literal: a stranger's keyId is any text
        return ""


def is_blocked(host: str) -> bool:
    """The host or a parent domain of it is blocked by the operator."""
    host = host.lower().rstrip(".")
    parts = host.split(".")
    candidates = {".".join(parts[i:]) for i in range(len(parts))}
    return InstanceBlock.objects.filter(domain__in=candidates).exists()


def signed_get(url: str) -> dict:
    """The JSON document at `url`; client.FetchError for anything unusable."""
    if is_blocked(host_of(url)):
        raise client.FetchError("the instance is blocked")
    instance = actors.Ref(ActorKind.INSTANCE, None)
    actor = ensure_keys(actors.local_actor(instance))

    def sign(hop_url: str) -> dict[str, str]:
        return signatures.sign_request(
            method="GET",
            url=hop_url,
            key_id=actors.key_id(instance),
            private_pem=actor.private_key,
            body=None,
            accept=ACCEPT,
        )

    response = client.request("GET", url, headers={"Accept": ACCEPT}, sign=sign)
    if response.status != 200:
        raise client.FetchError(f"{url} answered {response.status}")
    try:
        document = json.loads(response.body)
    except ValueError as exc:
        raise client.FetchError(f"{url} is not JSON") from exc
    if not isinstance(document, dict):
        raise client.FetchError(f"{url} is not a JSON object")
    return document


def _string(document: dict, name: str) -> str:
    value = document.get(name)
    return value if isinstance(value, str) else ""


def _key_of(actor: dict, key_id: str | None) -> dict | None:
    keys = actor.get("publicKey")
    keys = keys if isinstance(keys, list) else [keys]
    for key in keys:
        if isinstance(key, dict) and (key_id is None or key.get("id") == key_id):
            return key
    return None


def _shared_inbox_ok(shared: str, uri: str) -> bool:
    return client.is_http_url(shared) and host_of(shared) == host_of(uri)


FIELDS = ("domain", "inbox", "shared_inbox", "key_id", "public_key", "username", "name")


def actor_from(document: dict, url: str, key_id: str | None = None) -> RemoteActor:
    """The actor `document` fetched from `url`, checked to describe itself, not saved yet: the
    row we have for it (or a new one) with the fetched values set (see `remember`)."""
    uri = _string(document, "id")
    if document.get("type") not in ACTOR_TYPES or not client.is_http_url(uri):
        raise client.FetchError("not an actor with an http(s) id")  # shown as a link
    if host_of(uri) != host_of(url):
        raise client.FetchError("the actor's id is on another host than where it was fetched")
    inbox = _string(document, "inbox")
    key = _key_of(document, key_id)
    if not client.is_http_url(inbox) or key is None:
        raise client.FetchError("the actor has no inbox we can send to, or not the key")
    pem = key.get("publicKeyPem")
    if key.get("owner") != uri or not isinstance(pem, str):
        raise client.FetchError("the key is not owned by the actor")
    signatures.load_public_key(pem)  # RSA, 2048 bits or more
    endpoints = document.get("endpoints")
    shared = _string(endpoints, "sharedInbox") if isinstance(endpoints, dict) else ""
    values = {
        "domain": host_of(uri),
        "inbox": inbox[:500],
        "shared_inbox": shared[:500] if _shared_inbox_ok(shared, uri) else "",
        "key_id": _string(key, "id")[:500],
        "public_key": pem,
        "username": _string(document, "preferredUsername")[:200],
        "name": _string(document, "name")[:200],
    }
    actor = RemoteActor.objects.filter(uri=uri).first() or RemoteActor(uri=uri)
    for name, value in values.items():
        setattr(actor, name, value)
    actor.fetched_at = timezone.now()
    actor._fetched = True
    return actor


def remember(actor: RemoteActor) -> RemoteActor:
    """Save an actor `actor_from` made (new, or fetched again for a rotated key); one read
    from our rows is returned as it is."""
    if not getattr(actor, "_fetched", False):
        return actor
    defaults = {name: getattr(actor, name) for name in (*FIELDS, "fetched_at")}
    saved, _ = RemoteActor.objects.update_or_create(uri=actor.uri, defaults=defaults)
    return saved


def store_actor(document: dict, url: str, key_id: str | None = None) -> RemoteActor:
    return remember(actor_from(document, url, key_id))


def fetch_actor(uri: str) -> RemoteActor:
    return store_actor(signed_get(uri), uri)


def key_for(key_id: str, *, refresh: bool = False) -> RemoteActor:
    """The remote actor whose key `key_id` is, from the cache unless `refresh`; a fetched one
    is not saved (the inbox `remember`s it once the request it signed is accepted)."""
    if not refresh:
        cached = RemoteActor.objects.filter(key_id=key_id).first()
        if cached is not None:
            return cached
    document = signed_get(key_id.split("#", 1)[0])
    if document.get("type") in ACTOR_TYPES:
        return actor_from(document, key_id, key_id)
    owner = _string(document, "owner")
    if not owner or host_of(owner) != host_of(key_id):
        raise client.FetchError("the key names no owner on its own host")
    return actor_from(signed_get(owner), owner, key_id)
