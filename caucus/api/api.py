"""The JSON API (django-ninja): /api/v1/, documented at /api/docs."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern
from django.utils.translation import gettext as _

from caucus.api import coalitions, errors, me, organizations
from caucus.api.openapi import CaucusAPI
from caucus.api.parser import TextParser

DESCRIPTION = """
Everything a person can do for their organization or coalition in the browser, as JSON.

**Authentication.** Either the browser's session (send the CSRF token in `X-CSRFToken` for
writes) or a personal token from [/api/tokens/](/api/tokens/), sent as
`Authorization: Bearer <token>`. Public reads need neither. Acting for an organization or
a coalition needs a second factor on the account, whichever way the caller signs in.

**Errors** are JSON: `{"detail": "..."}` for 401, 403 and 404 (403 adds
`"code": "mfa_required"` when a second factor is missing); 422 carries a list,
`{"detail": [{"loc": ["body", "email"], "msg": "...", "type": "..."}]}`, where `loc` is
`["body"]` alone when the request as a whole was refused; text no field can store (NUL, a lone
UTF-16 surrogate) is such a 422 wherever it is sent. Public writes (RSVPs, hosts' proposals)
answer 429 with `Retry-After` when too many come from one network or for one address. An
unexpected error is a 500 with `{"detail": "..."}`. A refused request changes nothing.

**Lists** take `?page=` and `?page_size=` (at most 100) and answer `{"items": [...], "count": n}`.
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


def _json_not_allowed(view: Callable) -> Callable:
    """Ninja answers a method an endpoint does not take in plain text; we answer JSON."""

    @wraps(view)  # keeps csrf_exempt and the other flags ninja sets on its views
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            refused = errors.json_error(_("Method not allowed."), 405)
            refused["Allow"] = response["Allow"]
            return refused
        return response

    return wrapped


def urls() -> tuple[list[URLPattern], str, str]:
    """api.urls, every endpoint wrapped by _json_not_allowed (for caucus/urls.py)."""
    patterns, app_name, namespace = api.urls
    wrapped = [
        URLPattern(p.pattern, _json_not_allowed(p.callback), p.default_args, p.name)
        for p in patterns
    ]
    return wrapped, app_name, namespace
