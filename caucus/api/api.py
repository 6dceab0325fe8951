"""The JSON API (django-ninja): /api/v1/, documented at /api/docs."""

from django.urls import URLPattern

from caucus.api import coalitions, errors, http, me, organizations
from caucus.api.openapi import CaucusAPI
from caucus.api.parser import TextParser

DESCRIPTION = """
Everything a person can do for their organization or coalition in the browser, as JSON.

**Authentication.** Either the browser's session (send the CSRF token in `X-CSRFToken` for
writes) or a personal token from [/api/tokens/](/api/tokens/), sent as
`Authorization: Bearer <token>`. Public reads need neither. Acting for an organization or
a coalition needs a second factor on the account, whichever way the caller signs in.

**Errors** have one shape, whatever the status (400, 401, 403, 404, 405, 409, 422, 429,
500): `{"detail": "<a sentence>", "errors": [{"loc": ["body", "email"], "msg": "...",
"type": "..."}]}`. `errors` names each refused place (empty when there is none to name;
`["body"]` alone when the body as a whole was refused); `code` is added on some refusals for
machines (`"mfa_required"` on a 403, `"used"`/`"expired"` for an emailed link). 409 means the
object's state refuses the request ("already decided"); 422 that the input was refused.
Bodies are JSON objects: unknown fields, values of another JSON type (a number for a date,
`"yes"` for `true`) and text no field can store (NUL, a lone surrogate) are refused. A
refused request changes nothing.

**Lists** take `?page=` and `?page_size=` (at most 100) and answer
`{"items": [...], "count", "page", "page_size", "total_pages", "next", "previous"}`; the few
lists answered whole say how long they can be (`maxItems`).

**HTTP.** Reads carry a weak `ETag` and answer `304` to `If-None-Match`; `HEAD` and `OPTIONS`
work everywhere. Anonymous reads are `Cache-Control: public, max-age=60`, and those of
endpoints anyone may read send `Access-Control-Allow-Origin: *` (never with credentials);
answers to a signed-in caller are `private, no-store`. Requests are limited per token and per
network (429 with `Retry-After`), and a network whose requests keep failing to authenticate
waits before it may try again. Public writes (RSVPs, hosts' proposals) have their own limits.

**Organizers coming from Action Network** find petitions, signatures, events and
attendances in OSDI's shape under `/api/osdi/v1/` (docs/osdi.md).
"""

api = CaucusAPI(
    title="Caucus API",
    version="1",
    urls_namespace="api",
    description=DESCRIPTION,
    parser=TextParser(),
)
errors.install(api)
api.add_router("/v1", me.router)
api.add_router("/v1", organizations.router)
api.add_router("/v1", coalitions.router)
api.add_router("/v1", "caucus.api.solidarity.router")
api.add_router("/v1", "caucus.api.signatures.router")
api.add_router("/v1", "caucus.api.statements.router")
api.add_router("/v1", "caucus.api.decisions.router")
api.add_router("/v1", "caucus.api.campaigns.router")
api.add_router("/v1", "caucus.api.translations.router")
api.add_router("/v1", "caucus.api.webhooks.router")
api.add_router("/osdi/v1", "caucus.api.osdi.router")


def urls() -> tuple[list[URLPattern], str, str]:
    """api.urls, every endpoint wrapped by caucus/api/http.py (for caucus/urls.py)."""
    patterns, app_name, namespace = api.urls
    wrapped = [
        URLPattern(p.pattern, http.wrap(p.callback), p.default_args, p.name) for p in patterns
    ]
    return wrapped, app_name, namespace
