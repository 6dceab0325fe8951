"""While the database is away, pages answer 503 with Retry-After and a page that needs nothing
from it, and each app server recovers by itself once the database is back.

A request that reaches a view while PostgreSQL is stopped or restarting fails on its first
query with OperationalError (or InterfaceError for a connection that died under it). That is
not a bug in the page: the visitor should come back in a few seconds. The page is rendered
without a request context, so no context processor, session or user lookup touches the
database again; it is in the visitor's language (LocaleMiddleware has already chosen it).
Django reconnects on the next request (CONN_MAX_AGE with health checks), so nothing needs a
restart. Paths under /api/ answer in the API's own JSON shape.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from caucus.lib.unavailable import DATABASE_ERRORS, RETRY_AFTER_SECONDS, message

logger = logging.getLogger("caucus.unavailable")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the page for people, {"detail": ...} under /api/."""
    if request.path.startswith("/api/") and not request.path.startswith("/api/tokens/"):
        response: HttpResponse = JsonResponse(
            {"detail": message(), "errors": []},  # the API's one error shape
            status=503,
        )
    else:
        html = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database that cannot be reached into 503 + Retry-After instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning("Database unavailable, answered 503 for %s: %r", request.path, exception)
        return unavailable_response(request)
