"""The anonymous statement page served from a short-lived cache (issue 4: a surge reads one page).

A rendered page is kept STATEMENT_PAGE_CACHE_SECONDS, keyed by the statement's cache
generation and by everything that chooses its languages (path and query, the interface
language, the language cookie, Accept-Language). Any save of the statement, a translation, a
publication or a republication, and any change to its signatures (signatures.cache), starts a
new generation, so readers never wait for the timeout to see a publication or a withdrawal.
What changes by itself at a set time (a scheduled publication or revision) cannot start a
generation when nobody acts, so a page is never kept past the statement's next such time
(`good_until`): the first reader after it renders the new text (and applies the revision).

The header's language switcher is a GET form without a CSRF token, so an anonymous page is
the same bytes for everyone. Should a form with a token ever appear on it, the token is cached
as a marker and each visitor gets their own in the copy they receive. Signed-in
people and visitors with a session or pending messages always get a fresh page.
"""

import datetime as dt
import hashlib
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

CSRF_MARKER = "caucus-page-cache-csrf-marker"
GENERATION_SECONDS = 24 * 3600


def _generation_key(slug: str) -> str:
    return f"stmt-page-gen:{slug}"


def forget_page(slug: str) -> None:
    """Start a new generation: every cached copy of the statement's pages is out of date."""
    cache.set(_generation_key(slug), time.time_ns(), GENERATION_SECONDS)


def _generation(slug: str) -> int:
    key = _generation_key(slug)
    generation = cache.get(key)
    if generation is None:
        generation = time.time_ns()
        if not cache.add(key, generation, GENERATION_SECONDS):
            generation = cache.get(key, generation)
    return generation


def cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.STATEMENT_PAGE_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _page_key(request: HttpRequest, slug: str, view: str) -> str:
    accepted = [code.split("-")[0].lower() for code, _q in parse_accept_lang_header(
        request.headers.get("Accept-Language", "")[:200]
    )][:6]  # fmt: skip
    parts = [
        request.get_full_path(),
        get_language() or "",
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:16],
        ",".join(accepted),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"stmt-page:{view}:{slug}:{_generation(slug)}:{digest}"


def good_until(response: HttpResponse, when: dt.datetime | None) -> HttpResponse:
    """Mark a rendered page as true only until `when` (None: until the next change)."""
    response.caucus_good_until = when  # type: ignore[attr-defined]
    return response


def _timeout(response: HttpResponse) -> int:
    """Seconds to keep the page: the setting, cut to end no later than its good_until time.

    Rounded down, so the copy always expires before the change; 0 means "do not keep it".
    """
    seconds = settings.STATEMENT_PAGE_CACHE_SECONDS
    until = getattr(response, "caucus_good_until", None)
    if until is not None:
        seconds = min(seconds, math.floor((until - timezone.now()).total_seconds()))
    return max(seconds, 0)


def cached_page(
    request: HttpRequest, slug: str, view: str, render_page: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The page from the cache, or `render_page(extra_context)` kept for the next readers.

    Only complete 200 answers are kept; errors (404 for a draft) are never cached, and a page
    is kept no longer than `good_until` says.
    """
    if not cacheable(request):
        return render_page({})
    key = _page_key(request, slug, view)
    html = cache.get(key)
    if html is None:
        response = render_page({"csrf_token": CSRF_MARKER})
        if response.status_code != 200:
            return response
        html = response.content.decode()
        timeout = _timeout(response)
        if timeout > 0:
            cache.set(key, html, timeout)
    else:
        response = HttpResponse(content_type="text/html; charset=utf-8")
    if CSRF_MARKER in html:  # only when a form on the page needs the visitor's own token
        html = html.replace(CSRF_MARKER, get_token(request))
    response.content = html
    return response


def forget_on_save(sender, instance, **kwargs) -> None:
    """post_save/post_delete of a statement or of what hangs from it (connected in apps.py)."""
    slug = getattr(instance, "slug", None)
    if slug is None:
        from caucus.statements.models import Statement

        slug = (
            Statement.objects.filter(pk=instance.statement_id)
            .values_list("slug", flat=True)
            .first()
        )
    if slug:
        forget_page(slug)
