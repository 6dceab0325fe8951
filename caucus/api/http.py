"""HTTP around every API endpoint, whatever ninja does inside: rate limits, HEAD and OPTIONS,
conditional GET with ETags, caching headers and CORS for public reads, and 405s in JSON.

- Rate limits (caucus/lib/ratelimit.py): per token (a hash of what was sent, valid or not) and
  per network (caucus.lib.network), 429 with Retry-After. A network whose credentials were
  refused (401) too often in a window waits before it may send credentials again, so tokens
  cannot be guessed at speed.
- GET answers carry a weak ETag (a hash of the body) and answer 304 to a matching
  If-None-Match; HEAD is the GET without its body; OPTIONS answers with Allow.
- They carry a Last-Modified too, and answer 304 to an If-Modified-Since at or after it (when
  no If-None-Match is sent). It is the time the body was first served, not a model's `updated`:
  a statement's, campaign's, event's or case's body also carries counters, publications,
  photos and hearings that change without touching `updated`, and a date that missed one of
  them would answer 304 to a caller holding an old body. The time is kept in the cache per
  path, language and caller; a new body gets a time after every time given for the old ones
  (one-second resolution), so If-Modified-Since can never hide a change. A cache that lost the
  entry gives a later time, which costs a 200, never a wrong 304.
- Anonymous reads are `Cache-Control: public, max-age=60` and, on endpoints anyone may read,
  `Access-Control-Allow-Origin: *` (never with credentials); a preflight is answered for
  those only. Answers to a signed-in caller stay `private, no-store`
  (caucus/accounts/middleware.py).
"""

import hashlib
import inspect
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja.operation import PathView

from caucus.api.errors import json_error
from caucus.api.openapi import is_public
from caucus.lib.network import client_network
from caucus.lib.ratelimit import Rate, slowdown, wait_message, waiting

PUBLIC_MAX_AGE = 60
LAST_MODIFIED_KEEP = 30 * 86400  # seconds the cache keeps a body's first-served time
PREFLIGHT_MAX_AGE = 86400


def _rates() -> tuple[Rate, Rate, Rate]:
    window = settings.API_RATE_WINDOW
    return (
        Rate("api-token", settings.API_RATE_PER_TOKEN, window),
        Rate("api-network", settings.API_RATE_PER_NETWORK, window),
        Rate("api-401", settings.API_UNAUTHORIZED_PER_NETWORK, window),
    )


def _credential_key(request: HttpRequest) -> str:
    """What identifies the caller's token, hashed: the cache never holds a secret."""
    sent = request.headers.get("Authorization", "")
    return hashlib.sha256(sent.encode()).hexdigest()[:32] if sent else ""


def _too_many(seconds: int) -> HttpResponse:
    response = json_error(wait_message(seconds), 429)
    response["Retry-After"] = str(seconds)
    return response


def _throttled(request: HttpRequest) -> int:
    """Seconds to wait before this request may be served, 0 to serve it (counting it)."""
    per_token, per_network, unauthorized = _rates()
    network = client_network(request)
    if request.headers.get("Authorization") and (wait := waiting(unauthorized, network)):
        return wait
    return slowdown((per_token, _credential_key(request)), (per_network, network))


def _is_anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return not request.headers.get("Authorization") and not (user and user.is_authenticated)


def _options(request: HttpRequest, allowed: list[str], public_read: bool) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(allowed)
    if public_read and request.headers.get("Origin"):
        # A preflight for a public read: any origin may read, no credentials and no
        # Authorization header are allowed, so nobody's session or token is reachable.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def _names_cases(path: str) -> bool:
    """Reads that show solidarity cases: the cases themselves and the hearings calendar."""
    return "/cases" in path or path.endswith("/hearings")


def _last_modified(request: HttpRequest, etag: str) -> int:
    """When the body with `etag` was first served for this path, language and caller (epoch
    seconds), later than any time given before for another body of theirs."""
    user = getattr(request, "user", None)
    caller = _credential_key(request) or (str(user.pk) if user and user.is_authenticated else "")
    variant = f"{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}|{caller}"
    key = "api-last-modified:" + hashlib.sha256(variant.encode()).hexdigest()[:32]
    seen = cache.get(key)
    if seen and seen[0] == etag:
        return seen[1]
    at = math.ceil(time.time())
    if seen:
        at = max(at, seen[1] + 1)
    cache.set(key, (etag, at), LAST_MODIFIED_KEEP)
    return at


def _cacheable(request: HttpRequest, response: HttpResponse, public_read: bool) -> HttpResponse:
    """ETag, Last-Modified and 304 for every successful read; public caching and CORS for
    anonymous ones."""
    if response.status_code != 200 or response.streaming:
        return response
    response["ETag"] = f'W/"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    patch_vary_headers(response, ["Authorization", "Cookie", "Accept-Language"])
    if _is_anonymous(request):
        if _names_cases(request.path):
            # A case can become protected at any moment: shared caches ask again each time
            # (the ETag makes that cheap), so its old name is never served from a copy.
            patch_cache_control(response, public=True, no_cache=True, max_age=0)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        if public_read:
            response["Access-Control-Allow-Origin"] = "*"
    last_modified = _last_modified(request, response["ETag"])
    response["Last-Modified"] = http_date(last_modified)
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return conditional if conditional is not None else response


def _path_view(view: Callable) -> PathView | None:
    """The PathView (the path's operations) ninja's view closes over; None for the views of
    the document itself (openapi.json, docs), which are functools.partial objects."""
    if not inspect.isfunction(view):
        return None
    path_view = inspect.getclosurevars(view).nonlocals.get("self")
    return path_view if isinstance(path_view, PathView) else None


def _methods(view: Callable) -> tuple[list[str], bool]:
    """The methods of the path ninja's view serves, and whether anyone may GET it."""
    path_view = _path_view(view)
    if path_view is None:  # the OpenAPI document and its page: public reads
        return ["GET", "HEAD", "OPTIONS"], True
    methods: list[str] = []
    public_read = False
    for operation in path_view.operations:
        methods.extend(m for m in operation.methods if m not in methods)
        public_read |= "GET" in operation.methods and is_public(operation)
    if "GET" in methods:
        methods.append("HEAD")
    return [*methods, "OPTIONS"], public_read


def wrap(view: Callable) -> Callable:
    """`view` (ninja's, for one path) with the HTTP of the module's docstring around it."""
    allowed, public_read = _methods(view)

    @wraps(view)  # keeps csrf_exempt and the other flags ninja sets on its views
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return _options(request, allowed, public_read)
        if wait := _throttled(request):
            return _too_many(wait)
        head = request.method == "HEAD" and "GET" in allowed
        if head:
            request.method = "GET"  # served as the GET it stands for, its body dropped below
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            refused = json_error(_("Method not allowed."), 405)
            refused["Allow"] = ", ".join(allowed)
            return refused
        if response.status_code == 401 and request.headers.get("Authorization"):
            slowdown((_rates()[2], client_network(request)))  # counts toward the wait above
        if request.method == "GET":
            response = _cacheable(request, response, public_read)
        if head and response.streaming:  # a download: its rows are never read
            response.streaming_content = []
        elif head:
            response.content = b""
        return response

    return wrapped
