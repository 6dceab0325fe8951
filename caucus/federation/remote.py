"""Other servers' actors and keys, fetched with a GET signed by our instance actor and cached.

Signing every GET keeps us readable by servers in "authorized fetch" (secure) mode. A key is
trusted for an actor only when both agree: the key document names the actor as its owner and
the actor document lists the key, on the same host as the keyId.
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
    return (urlsplit(url).hostname or "").lower()


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


def store_actor(document: dict, url: str, key_id: str | None = None) -> RemoteActor:
    """Save the actor `document` fetched from `url` after checking it describes itself."""
    uri = _string(document, "id")
    if document.get("type") not in ACTOR_TYPES or not uri:
        raise client.FetchError("not an actor")
    if host_of(uri) != host_of(url):
        raise client.FetchError("the actor's id is on another host than where it was fetched")
    inbox = _string(document, "inbox")
    key = _key_of(document, key_id)
    if not inbox.startswith(("http://", "https://")) or key is None:
        raise client.FetchError("the actor has no inbox or not the key")
    pem = key.get("publicKeyPem")
    if key.get("owner") != uri or not isinstance(pem, str):
        raise client.FetchError("the key is not owned by the actor")
    signatures.load_public_key(pem)  # RSA, 2048 bits or more
    endpoints = document.get("endpoints")
    shared = _string(endpoints, "sharedInbox") if isinstance(endpoints, dict) else ""
    defaults = {
        "domain": host_of(uri),
        "inbox": inbox[:500],
        "shared_inbox": shared[:500] if host_of(shared) == host_of(uri) else "",
        "key_id": _string(key, "id")[:500],
        "public_key": pem,
        "username": _string(document, "preferredUsername")[:200],
        "name": _string(document, "name")[:200],
        "fetched_at": timezone.now(),
    }
    remote, _ = RemoteActor.objects.update_or_create(uri=uri, defaults=defaults)
    return remote


def fetch_actor(uri: str) -> RemoteActor:
    return store_actor(signed_get(uri), uri)


def key_for(key_id: str, *, refresh: bool = False) -> RemoteActor:
    """The remote actor whose key `key_id` is, from the cache unless `refresh`."""
    if not refresh:
        cached = RemoteActor.objects.filter(key_id=key_id).first()
        if cached is not None:
            return cached
    document = signed_get(key_id.split("#", 1)[0])
    if document.get("type") in ACTOR_TYPES:
        return store_actor(document, key_id, key_id)
    owner = _string(document, "owner")
    if not owner or host_of(owner) != host_of(key_id):
        raise client.FetchError("the key names no owner on its own host")
    return store_actor(signed_get(owner), owner, key_id)
