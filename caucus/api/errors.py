"""How refusals look in JSON: every error body is {"detail": ...}, never an HTML page.

401  {"detail": "..."}                      not signed in, or a bad token
403  {"detail": "...", "code": "mfa_required"}  for a missing second factor,
     {"detail": "..."}                      for any other refusal by a guard
404  {"detail": "Not Found"}
422  {"detail": [{"loc": ["body", "email"], "msg": "...", "type": "..."}]}
     for input the schema, a form or a domain service refused; "loc" is ["body"]
     alone when the refusal concerns the request as a whole (e.g. "only a pending
     invitation can be revoked"). Schema errors name nested places too:
     ["body", "points", 3], ["query", "page"].
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from caucus.organizations.permissions import MFARequired


def _unauthenticated(api: NinjaAPI, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = (
        exc.message
        if exc.message != "Unauthorized"
        else _("Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="caucus"'
    return response


def _permission_denied(api: NinjaAPI, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    body: dict = {"detail": str(exc) or _("You may not do this.")}
    if isinstance(exc, MFARequired):
        body["detail"] = _("Two-factor authentication is required: %(reason)s") % {
            "reason": str(exc)
        }
        body["code"] = "mfa_required"
    return api.create_response(request, body, status=403)


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
    return api.create_response(request, {"detail": validation_errors(exc)}, status=422)


def _schema_invalid(api: NinjaAPI, request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """Ninja's errors with the name of the view's body parameter taken out of "loc"."""
    detail = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if len(loc) >= 2 and loc[0] == "body" and loc[1] == "payload":
            loc.pop(1)
        detail.append({"loc": loc, "msg": error.get("msg", ""), "type": error.get("type", "")})
    return api.create_response(request, {"detail": detail}, status=422)


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(AuthenticationError, lambda r, e: _unauthenticated(api, r, e))
    api.add_exception_handler(PermissionDenied, lambda r, e: _permission_denied(api, r, e))
    api.add_exception_handler(ValidationError, lambda r, e: _invalid(api, r, e))
    api.add_exception_handler(SchemaError, lambda r, e: _schema_invalid(api, r, e))
