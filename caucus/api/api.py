"""The JSON API (django-ninja): /api/v1/, documented at /api/docs."""

from ninja import NinjaAPI

from caucus.api import coalitions, errors, me, organizations

DESCRIPTION = """
Everything a person can do for their organization or coalition in the browser, as JSON.

**Authentication.** Either the browser's session (send the CSRF token in `X-CSRFToken` for
writes) or a personal token from [/api/tokens/](/api/tokens/), sent as
`Authorization: Bearer <token>`. Public reads need neither. Acting for an organization or
a coalition needs a second factor on the account, whichever way the caller signs in.

**Errors** are JSON: `{"detail": "..."}` for 401, 403 and 404 (403 adds
`"code": "mfa_required"` when a second factor is missing); 422 carries a list,
`{"detail": [{"loc": ["body", "email"], "msg": "...", "type": "..."}]}`, where `loc` is
`["body"]` alone when the request as a whole was refused. A refused request changes nothing.

**Lists** take `?page=` and `?page_size=` (at most 100) and answer `{"items": [...], "count": n}`.
"""

api = NinjaAPI(title="Caucus API", version="1", urls_namespace="api", description=DESCRIPTION)
errors.install(api)
api.add_router("/v1", me.router)
api.add_router("/v1", organizations.router)
api.add_router("/v1", coalitions.router)
api.add_router("/v1", "caucus.api.solidarity.router")
api.add_router("/v1", "caucus.api.signatures.router")
api.add_router("/v1", "caucus.api.statements.router")
api.add_router("/v1", "caucus.api.decisions.router")
api.add_router("/v1", "caucus.api.campaigns.router")
