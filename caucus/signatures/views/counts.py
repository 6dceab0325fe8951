"""What the public sees of a statement's signatures: the names, the live count as JSON and
the counter other sites embed."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from caucus.lib.urls import absolute_url
from caucus.signatures.counting import confirmed_count
from caucus.signatures.models import Signature, State
from caucus.signatures.permissions import get_public_statement
from caucus.signatures.views.signing import statement_url

NAMES_PER_PAGE = 50


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@require_GET
def names(request: HttpRequest, slug: str) -> HttpResponse:
    """Public names, newest first, paged by id (keyset: as fast at page 1,000 as at page 1)."""
    statement = get_public_statement(slug)
    query = " ".join(request.GET.get("q", "").split())[:60]
    before, after = _int_param(request, "before"), _int_param(request, "after")
    rows = Signature.objects.filter(statement=statement, state=State.CONFIRMED, show_name=True)
    if query:
        rows = rows.filter(name_key__contains=query.casefold())
    rows = rows.only("id", "name", "city", "country")
    if after is not None:
        page = list(rows.filter(id__gt=after).order_by("id")[: NAMES_PER_PAGE + 1])
        has_newer = len(page) > NAMES_PER_PAGE
        page = page[:NAMES_PER_PAGE][::-1]
        has_older = bool(page)
    else:
        if before is not None:
            rows = rows.filter(id__lt=before)
        page = list(rows.order_by("-id")[: NAMES_PER_PAGE + 1])
        has_older = len(page) > NAMES_PER_PAGE
        page = page[:NAMES_PER_PAGE]
        has_newer = before is not None and bool(page)
    ctx = {
        "statement": statement,
        "names": page,
        "query": query,
        "newer": page[0].pk if has_newer and page else None,
        "older": page[-1].pk if has_older and page else None,
        "statement_url": statement_url(statement),
    }
    return render(request, "signatures/names.html", ctx)


def _cached_count(statement) -> int:
    key = f"sig-count:{statement.pk}"
    count = cache.get(key)
    if count is None:
        count = confirmed_count(statement.pk)
        cache.set(key, count, settings.SIGNATURE_BLOCK_CACHE_SECONDS)
    return count


@require_GET
def count_json(request: HttpRequest, slug: str) -> JsonResponse:
    """The live count for other sites: no cookies, readable from any origin."""
    statement = get_public_statement(slug)
    response = JsonResponse(
        {
            "statement": statement.slug,
            "count": _cached_count(statement),
            "url": absolute_url(statement_url(statement)),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={settings.SIGNATURE_BLOCK_CACHE_SECONDS}"
    return response


# The one page other sites may frame: the CSP allows any ancestor, X-Frame-Options is off.
@require_GET
@xframe_options_exempt
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})
def counter(request: HttpRequest, slug: str) -> HttpResponse:
    statement = get_public_statement(slug)
    ctx = {
        "statement": statement,
        "count": _cached_count(statement),
        "statement_url": absolute_url(statement_url(statement)),
        "language": get_language(),
    }
    response = render(request, "signatures/counter.html", ctx)
    response["Cache-Control"] = f"public, max-age={settings.SIGNATURE_BLOCK_CACHE_SECONDS}"
    return response
