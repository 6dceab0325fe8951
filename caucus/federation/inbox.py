"""What we accept in our inboxes, checked before we answer (never left to a background task).

1. The body is at most FEDERATION_MAX_BODY_BYTES (413), the client's network has not sent
   more than FEDERATION_INBOX_RATE requests refused as unsigned or wrongly signed this minute
   (429), and the host its keyId names is not blocked (403).
2. The request carries an HTTP signature (draft-cavage or RFC 9421) dated within 12 hours,
   covering a Digest of the body that matches (401, 400 for a wrong Digest), never seen before
   (a replay is 401), and made with the key of a remote actor that owns it (401); each such
   refusal counts against the client's network. Only then is the sender's host counted, at
   most FEDERATION_INBOX_RATE verified requests a minute (429): counted before its signature
   verifies, anyone naming a host could use up that instance's allowance.
3. The body is a JSON object whose `actor` is that key's owner (401 otherwise), of a shape we
   understand (400 otherwise).
4. Follow, Undo (of a Follow), Delete (of the sender itself) change our records; Accept,
   Reject and everything else are acknowledged (202) and change nothing.

The sender's actor and key, when they had to be fetched, are saved only with an accepted
activity (remote.remember): a refused request leaves no RemoteActor row, new or refreshed.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from caucus.federation import actors, client, remote, signatures
from caucus.federation.models import Follower, FollowState, LocalActor, RemoteActor
from caucus.federation.profiles import recount
from caucus.lib.network import client_network
from caucus.lib.ratelimit import Rate, slowdown, waiting

log = logging.getLogger(__name__)
REPLAY_SECONDS = 25 * 3600  # longer than the ±12 h a date may be off


class InboxError(Exception):
    def __init__(self, status: int, message: str, retry_after: int = 0):
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def read_body(request: HttpRequest) -> bytes:
    limit = settings.FEDERATION_MAX_BODY_BYTES
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError as exc:
        raise InboxError(400, "bad Content-Length") from exc
    if length > limit:
        raise InboxError(413, "the body is too large")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise InboxError(413, "the body is too large")
    return body


def _per_host() -> Rate:
    return Rate("federation-inbox", settings.FEDERATION_INBOX_RATE, 60)


def _per_network() -> Rate:
    """Requests refused for their signature, by the client's network (not by the host they
    name, which anyone can write)."""
    return Rate("federation-inbox-unverified", settings.FEDERATION_INBOX_RATE, 60)


def authenticate(request: HttpRequest, body: bytes) -> RemoteActor:
    """The remote actor that signed this request, or InboxError (see the module's steps)."""
    network = client_network(request)
    if wait := waiting(_per_network(), network):
        raise InboxError(429, "too many unverified requests from this network", wait)
    try:
        sender = _signed_by(request, body)
    except InboxError as exc:
        if exc.status in (400, 401):  # not signed as required: counts against the network
            slowdown((_per_network(), network))
        raise
    marker = (
        "federation:seen:"
        + hashlib.sha256((request.headers.get("Signature") or "").encode()).hexdigest()
    )
    if not cache.add(marker, 1, REPLAY_SECONDS):  # whoever replays it is not its signer
        slowdown((_per_network(), network))
        raise InboxError(401, "this signature was used before")
    if wait := slowdown((_per_host(), sender.domain)):
        raise InboxError(429, "too many requests from this instance", retry_after=wait)
    return sender


def _signed_by(request: HttpRequest, body: bytes) -> RemoteActor:
    try:
        parsed = signatures.parse(request.headers)
    except signatures.SignatureError as exc:
        raise InboxError(401, str(exc)) from exc
    host = remote.host_of(parsed.key_id)
    if not host:
        raise InboxError(401, "the keyId is not a URL")
    if remote.is_blocked(host):
        raise InboxError(403, "this instance is blocked")
    try:
        signatures.check_date(request.headers, parsed)
        signatures.check_digest(request.headers, parsed, body)
    except signatures.SignatureError as exc:
        raise InboxError(400 if "Digest" in str(exc) else 401, str(exc)) from exc
    return _verified_sender(request, body, parsed)


def _verified_sender(request: HttpRequest, body: bytes, parsed) -> RemoteActor:
    url = request.build_absolute_uri()
    for refresh in (False, True):  # a cached key may have been rotated: fetch it once more
        try:
            sender = remote.key_for(parsed.key_id, refresh=refresh)
        except (client.FetchError, signatures.SignatureError) as exc:
            raise InboxError(401, f"the key cannot be fetched: {exc}") from exc
        try:
            signatures.verify(
                parsed=parsed,
                public_pem=sender.public_key,
                method=request.method,
                target=request.get_full_path(),
                url=url,
                headers=request.headers,
                body=body,
            )
            return sender
        except signatures.SignatureError as exc:
            if refresh:
                raise InboxError(401, str(exc)) from exc
    raise InboxError(401, "unverified")  # not reached


def parse_activity(body: bytes, sender: RemoteActor) -> dict:
    try:
        activity = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InboxError(400, "the body is not JSON") from exc
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        raise InboxError(400, "an activity is a JSON object with a type")
    sender_id = activity.get("actor")
    if isinstance(sender_id, dict):
        sender_id = sender_id.get("id")
    if sender_id != sender.uri:
        raise InboxError(401, "the activity's actor is not the key's owner")
    return activity


def _id_of(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def local_actor_for(url: str) -> LocalActor | None:
    from caucus.federation.middleware import actor_ref_for_url

    ref = actor_ref_for_url(url)
    return actors.local_actor(ref) if ref is not None else None


def handle(activity: dict, sender: RemoteActor, target: LocalActor | None) -> int:
    """Apply one activity; returns the status to answer (202 or 200)."""
    kind = activity["type"]
    if kind == "Follow":
        return _follow(activity, sender, target)
    if kind == "Undo":
        return _undo(activity, sender)
    if kind == "Delete" and _id_of(activity.get("object")) == sender.uri:
        if sender.pk is None:
            return 202  # never kept: nothing to forget
        with transaction.atomic():
            followed = list(LocalActor.objects.filter(followers__remote=sender))
            sender.delete()
            for actor in followed:
                recount(actor)
        return 202
    remote.remember(sender)  # a key fetched again (rotated), proven by an accepted request
    return 202  # Accept, Reject, Delete of objects, Create, Like…: nothing of ours changes


def _follow(activity: dict, sender: RemoteActor, target: LocalActor | None) -> int:
    from caucus.federation.delivery import fan_out
    from caucus.federation.publishing import record

    follow_id, object_id = _id_of(activity), _id_of(activity.get("object"))
    if not follow_id or not object_id:
        raise InboxError(400, "a Follow needs an id and an object")
    followed = local_actor_for(object_id)
    if followed is None or (target is not None and followed.pk != target.pk):
        raise InboxError(404, "no such actor here")
    state = FollowState.PENDING if followed.manually_approves_followers else FollowState.ACCEPTED
    follow = {k: activity[k] for k in ("id", "type", "actor", "object") if k in activity}
    with transaction.atomic():
        sender = remote.remember(sender)
        Follower.objects.update_or_create(
            actor=followed,
            remote=sender,
            defaults={"follow_id": follow_id[:500], "follow": follow, "state": state},
        )
        recount(followed)
        if state == FollowState.ACCEPTED:
            accept = record(followed, "Accept", {"object": follow, "to": [sender.uri]})
            transaction.on_commit(lambda: fan_out(accept, [sender.inbox]))
    return 202


def _undo(activity: dict, sender: RemoteActor) -> int:
    undone = activity.get("object")
    if isinstance(undone, dict) and undone.get("type") not in (None, "Follow"):
        return 202  # an Undo of a Like or an Announce: nothing of ours
    undone_id = _id_of(undone)
    if not undone_id and not (isinstance(undone, dict) and _id_of(undone.get("object"))):
        raise InboxError(400, "an Undo needs an object")
    sender = remote.remember(sender)
    rows = Follower.objects.filter(remote=sender)
    if isinstance(undone, dict) and _id_of(undone.get("object")):
        followed = local_actor_for(_id_of(undone.get("object")))
        matching = rows.filter(follow_id=undone_id) | rows.filter(actor=followed)
    else:
        matching = rows.filter(follow_id=undone_id)
    with transaction.atomic():
        followed_actors = list(LocalActor.objects.filter(followers__in=matching).distinct())
        matching.delete()
        for actor in followed_actors:
            recount(actor)
    return 202
