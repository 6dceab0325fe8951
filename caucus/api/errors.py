"""How refusals look in JSON: one shape for every error under /api/, never an HTML page.

    {"detail": "<a sentence for people>", "errors": [{"loc": [...], "msg": "...", "type": "..."}]}

`detail` is always a string; `errors` is always a list, empty unless places can be named; a
third key, `code`, tells machines the kind of some refusals ("mfa_required", "used", "expired").

400  the body cannot be parsed (not JSON, a broken multipart)
401  not signed in, or a bad token (with WWW-Authenticate)
403  refused by a guard; "code": "mfa_required" for a missing second factor
404  no such object, or a path that names no endpoint
405  a method the endpoint does not take (with Allow)
409  the object's state refuses the request as a whole ("already decided", "only a draft
     can be opened"): a service's ValidationError that names no field
422  input the schema, a form or a service refused, each place in "errors": ["body", "email"],
     ["body", "points", 3], ["query", "page"]; ["body"] alone when a form refused the body as
     a whole. Text no field can store (NUL, a lone surrogate) is refused this way too, by the
     parser (caucus/api/parser.py), and so is a body that is not a JSON object.
429  too many requests (with Retry-After): per token, per network, or a public write
500  anything unexpected; logged like Django's own 500s

Paths under /api/ that match no endpoint, or a method an endpoint does not take, answer in
this shape too (not_found and server_error below, the handlers of caucus/urls.py, and
caucus/api/http.py's wrapper of the endpoints).
"""

import logging

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from caucus.api.parser import RefusedBody
from caucus.lib import unavailable
from caucus.lib.ratelimit import SlowDown, wait_message
from caucus.lib.unavailable import DATABASE_ERRORS, RETRY_AFTER_SECONDS
from caucus.organizations.permissions import MFARequired

logger = logging.getLogger("django.request")
security_logger = logging.getLogger("django.security")
# Pages for people under /api/ keep Django's HTML error pages.
HTML_UNDER_API = ("/api/tokens/", "/api/docs")


def error_body(detail: str, errors: list[dict] | None = None, code: str = "") -> dict:
    """The one shape of every error body (see the module's docstring)."""
    body: dict = {"detail": detail, "errors": errors or []}
    if code:
        body["code"] = code
    return body


def invalid_body(errors: list[dict]) -> dict:
    """A 422's body: its one message as the detail, or a summary when there are several."""
    if len(errors) == 1:
        return error_body(errors[0]["msg"], errors)
    return error_body(_("The request was refused: see the errors for each field."), errors)


def _unauthenticated(api: NinjaAPI, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = (
        exc.message
        if exc.message != "Unauthorized"
        else _("Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    )
    response = api.create_response(request, error_body(detail), status=401)
    response["WWW-Authenticate"] = 'Bearer realm="caucus"'
    return response


def _permission_denied(api: NinjaAPI, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if isinstance(exc, MFARequired):
        detail = _("Two-factor authentication is required: %(reason)s") % {"reason": str(exc)}
        return api.create_response(request, error_body(detail, code="mfa_required"), status=403)
    detail = str(exc) or _("You may not do this.")
    return api.create_response(request, error_body(detail), status=403)


def validation_errors(exc: ValidationError) -> list[dict]:
    """A form's or a service's ValidationError as a list in the shape of schema errors."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": ["body"], "msg": str(m), "type": "invalid"} for m in exc.messages]
    errors = []
    for field, field_errors in exc.error_dict.items():
        loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
        for error in field_errors:
            for message in error.messages:
                errors.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return errors


def _invalid(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 for refused fields; 409 for a refusal of the request as a whole by a service (a
    ValidationError that names no field: "already decided"), since the object's state, not
    the input, is what refuses it. A form's refusal of the whole body stays a 422."""
    errors = validation_errors(exc)
    if not hasattr(exc, "error_dict"):
        return api.create_response(request, error_body(errors[0]["msg"], errors), status=409)
    return api.create_response(request, invalid_body(errors), status=422)


def _schema_invalid(api: NinjaAPI, request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """Ninja's errors with the name of the view's body parameter taken out of "loc"."""
    detail = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if len(loc) >= 2 and loc[0] == "body" and loc[1] == "payload":
            loc.pop(1)
        detail.append({"loc": loc, "msg": _readable(error), "type": error.get("type", "")})
    return api.create_response(request, invalid_body(detail), status=422)


def _readable(error: dict) -> str:
    """Pydantic's message, except that a pattern is said in words (its message quotes the
    regular expression, in English, which tells a person nothing)."""
    if error.get("type") != "string_pattern_mismatch":
        return error.get("msg", "")
    pattern = str((error.get("ctx") or {}).get("pattern", ""))
    if "[T ]" in pattern:  # caucus/api/schemas.py LOCAL_DATETIME
        return _("Enter a local date and time as YYYY-MM-DDTHH:MM, in a year from 1000 to 9999.")
    if pattern == r"^[-a-zA-Z0-9_]+$":  # Slug
        return _("Use only letters, numbers, hyphens and underscores.")
    return _("This value is not in the expected form.")


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals; a body the parser refused for its text is a 422 with places."""
    if isinstance(exc.__cause__, RefusedBody):
        return api.create_response(request, invalid_body(exc.__cause__.errors), status=422)
    if exc.status_code == 400:  # ninja's "Cannot parse request body"
        detail = _("The body is not valid JSON.")
        errors = [{"loc": ["body"], "msg": detail, "type": "json_invalid"}]
        return api.create_response(request, error_body(detail, errors), status=400)
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


def _slow_down(api: NinjaAPI, request: HttpRequest, exc: SlowDown) -> HttpResponse:
    response = api.create_response(request, error_body(wait_message(exc.wait)), status=429)
    response["Retry-After"] = str(exc.wait)
    return response


def _unexpected(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    """JSON, never the HTML page, for what no other handler expects; logged as Django does."""
    if isinstance(exc, SuspiciousOperation | BadRequest | MultiPartParserError):
        # Django answers these 400 (a body too big, a broken multipart); so do we, in JSON.
        if isinstance(exc, SuspiciousOperation):
            security_logger.error(str(exc), extra={"status_code": 400, "request": request})
        detail = _("The request could not be read (a broken body or too many fields).")
        return api.create_response(request, error_body(detail), status=400)
    if isinstance(exc, DATABASE_ERRORS):
        # The database is away (stopped, restarting): come back soon, as the pages say.
        logger.warning("Database unavailable, answered 503 for %s: %r", request.path, exc)
        response = api.create_response(request, error_body(unavailable.message()), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    # Error reporters (and the test client) listen to this, as for any other view.
    got_request_exception.send(sender=None, request=request)
    return api.create_response(request, error_body(server_error_message()), status=500)


def server_error_message() -> str:
    return _("Something went wrong on our side; it has been logged. Please try again later.")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") and not request.path.startswith(HTML_UNDER_API)


def json_error(detail: str, status: int) -> JsonResponse:
    """A refusal made outside ninja, in the same shape and content type as ninja's."""
    return JsonResponse(
        error_body(detail), status=status, content_type="application/json; charset=utf-8"
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON under /api/ (a path that names no endpoint), else Django's page."""
    if _is_api(request):
        return json_error(_("Not Found"), 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/ for errors outside the endpoints (middleware, routing)."""
    if _is_api(request):
        return json_error(server_error_message(), 500)
    return defaults.server_error(request)


def _not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(_("Not Found")), status=404)


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(Http404, lambda r, e: _not_found(api, r, e))
    api.add_exception_handler(Exception, lambda r, e: _unexpected(api, r, e))
    api.add_exception_handler(HttpError, lambda r, e: _http_error(api, r, e))
    api.add_exception_handler(SlowDown, lambda r, e: _slow_down(api, r, e))
    api.add_exception_handler(AuthenticationError, lambda r, e: _unauthenticated(api, r, e))
    api.add_exception_handler(PermissionDenied, lambda r, e: _permission_denied(api, r, e))
    api.add_exception_handler(ValidationError, lambda r, e: _invalid(api, r, e))
    api.add_exception_handler(SchemaError, lambda r, e: _schema_invalid(api, r, e))
