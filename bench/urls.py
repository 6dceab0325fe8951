"""Baseline views for the benchmarks: the cheapest possible insert and the cheapest possible
page, measured in the same server as the real ones.

caucus/urls.py routes them under /bench/ only when CAUCUS_BENCH is on and HTTPS is off, so a
production site cannot serve this unauthenticated insert even when started by a server that runs
no system checks (granian); manage.py also refuses CAUCUS_BENCH with HTTPS (caucus.E005).
"""

import secrets
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from caucus.signatures.models import Signature
from caucus.statements.models import Statement

BASELINE_SLUG = "bench-baseline"


@cache
def _baseline_statement_id() -> int:
    return Statement.objects.values_list("pk", flat=True).get(slug=BASELINE_SLUG)


@csrf_exempt
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    """A bare POST that inserts one row into the same table signing uses.

    The row is marked as mailed: it has no email, and the confirmation worker must not spend
    the signing phase claiming the baseline's rows."""
    Signature.objects.create(
        statement_id=_baseline_statement_id(),
        name="Baseline",
        email_index=secrets.token_hex(32),
        email_domain="example.org",
        mail_sent_at=timezone.now(),
    )
    return HttpResponse(status=204)


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


app_name = "bench"
urlpatterns = [
    path("insert/", insert, name="insert"),
    path("hello/", hello, name="hello"),
]
