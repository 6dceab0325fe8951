"""Counts every response for /metrics by the resolved view's name and the status class."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from caucus.ops import metrics


class RequestMetricsMiddleware:
    """First in MIDDLEWARE, so redirects and refusals of the middleware below count too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # The view's name, never the path: one series per view, whatever the URLs hold.
        metrics.count_request(match.view_name if match else "unresolved", response.status_code)
        return response
