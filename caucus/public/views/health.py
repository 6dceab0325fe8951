"""The health check for load balancers."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: 200 while this server can serve, i.e. its database answers, else
    503 naming what failed. The cache is reported but never fails the check: without Redis
    the site still serves (caucus/lib/cache.py), and failing every server at once because
    of the shared cache would take the whole site down."""
    report = {"database": _database_state(), "cache": _cache_state()}
    response = JsonResponse(report, status=200 if report["database"] == "ok" else 503)
    if response.status_code == 503:
        response["Retry-After"] = "10"
    return response


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 — any failure means "cannot serve"
        return f"unavailable: {type(exc).__name__}"
    return "ok"


def _cache_state() -> str:
    health = getattr(cache, "health", None)  # caucus.lib.cache.ResilientRedisCache
    if health is not None:
        return health()
    try:
        cache.set("caucus:healthz", "1", 10)
        if cache.get("caucus:healthz") != "1":
            return "unavailable: value not read back"
    except Exception as exc:  # noqa: BLE001
        return f"unavailable: {type(exc).__name__}"
    return "ok"
