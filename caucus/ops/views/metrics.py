"""/metrics for Prometheus: answered only to a bearer token or an allowed network, else 404."""

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed

from caucus.lib.network import client_ip
from caucus.ops import metrics


def _has_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _from_allowed_network(request: HttpRequest) -> bool:
    ip = client_ip(request)
    if ip is None:
        return False
    for entry in settings.METRICS_ALLOWED_NETWORKS:
        network = ipaddress.ip_network(entry, strict=False)  # checked by caucus.E020
        if ip.version == network.version and ip in network:
            return True
    return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    # 404 rather than 403, and before the method: a stranger learns nothing, not even that
    # the page exists.
    if not (_has_token(request) or _from_allowed_network(request)):
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    body, content_type = metrics.exposition()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
