"""The OpenAPI document told the truth about each operation: who may call it, and every status
it can answer, in one place rather than in each route's decorator.

- Security: an operation that lets anonymous callers through (auth.ANYONE) declares none
  (`security: [{}]`); generated clients then send no token where none is needed.
- Responses: besides what a route declares, every operation documents the refusals any of
  them can answer (errors.py): 400 (a body or query that cannot be read), 401 (a bad token,
  even on a public read), 422 and 429 (rate limits, caucus/api/http.py); 403 where a guard
  runs, 404 where a path names an object, 409 for writes (the object's state refuses them).
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from caucus.api.auth import anyone
from caucus.api.schemas import ErrorOut

DESCRIPTIONS = {
    400: "The body or the query cannot be read.",
    401: "A token was sent but is unknown or revoked, or the endpoint needs a sign-in.",
    403: "A guard refused: the role, or a missing second factor (`code`: mfa_required).",
    404: "No such object, or not one the caller may see.",
    409: "The object's state refuses the request as a whole.",
    422: "Input refused; `errors` names each place.",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def is_public(operation: Operation) -> bool:
    return anyone in operation.auth_callbacks


def standard_statuses(operation: Operation, path: str) -> set[int]:
    statuses = {400, 401, 422, 429}
    if "{" in path:
        statuses.add(404)
    if not is_public(operation) or "{" in path:
        statuses.add(403)  # guards run on whatever a path names, drafts included
    if set(operation.methods) - {"GET", "HEAD"}:
        statuses.add(409)
    return statuses


class Schema(OpenAPISchema):
    def operation_details(self, operation: Operation) -> dict[str, Any]:
        result = super().operation_details(operation)
        if is_public(operation):
            result["security"] = [{}]
        error_schema = self._create_schema_from_model(ErrorOut, mode="serialization")[0]
        responses = result["responses"]
        for status in sorted(standard_statuses(operation, operation.path)):
            responses.setdefault(
                status,
                {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": error_schema}},
                },
            )
        responses[429]["headers"] = RETRY_AFTER
        return result


class CaucusAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return Schema(self, path_prefix)
