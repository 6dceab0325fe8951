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
from caucus.api.schemas import CHOICE_KEY, CHOICES, STORABLE_TEXT, ErrorOut

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


def _body_schemas(document: dict) -> list[dict]:
    """Every schema a request body can reach: the bodies' own and the components they use."""
    components = document.get("components", {}).get("schemas", {})
    found: list[dict] = []
    seen: set[str] = set()
    stack: list[Any] = []
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                for media in operation["requestBody"].get("content", {}).values():
                    stack.append(media.get("schema"))
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in seen:
                    seen.add(name)
                    stack.append(components.get(name))
            found.append(node)
            stack.extend(value for key, value in node.items() if key != "enum")
    return found


def _refer_to_choices(document: dict) -> None:
    """A choice type (schemas.choice) becomes a reference to its enum in the components."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = node.pop(CHOICE_KEY, None)
            if name is not None:
                node["$ref"] = f"#/components/schemas/{name}"
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def declare_storable_text(document: dict) -> None:
    """The JSON parser refuses NUL and lone surrogates in every body string and key
    (caucus/api/parser.py): say so on each string that has no pattern, format or enum of its
    own, and on the keys of every map."""
    for node in _body_schemas(document):
        if node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(node):
            node["pattern"] = STORABLE_TEXT
        if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
            node.setdefault("propertyNames", {"pattern": STORABLE_TEXT})


class CaucusAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        document = Schema(self, path_prefix)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for name, values in sorted(CHOICES.items()):
            components[name] = {"type": "string", "enum": values}
        _refer_to_choices(document)
        declare_storable_text(document)
        return document
