"""The public site: home, organization and coalition pages, and the health check."""

from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from caucus.coalitions.models import Coalition, MemberListVisibility, PlatformVersion
from caucus.coalitions.permissions import get_coalition_for_reader, is_coordinator
from caucus.decisions.services.votes import close_due
from caucus.lib.markdown import render_markdown
from caucus.organizations.models import Organization
from caucus.organizations.permissions import get_organization_for_reader
from caucus.public import organization_page
from caucus.public.listing import keyset_page
from caucus.public.models import Publication
from caucus.translations.reader import Localized, Reading, read


def home(request):
    ctx = {
        "latest": keyset_page(Publication.objects.filter(listed=True), "", size=10).items,
        "coalitions": Coalition.objects.public().order_by("name")[:50],
        "organizations": Organization.objects.public().order_by("name")[:100],
    }
    return render(request, "public/home.html", ctx)


def organization(request, slug):
    org, is_own = get_organization_for_reader(request, slug)
    coalitions = (
        Coalition.objects.public()
        .with_active_member(org)
        .filter(member_list=MemberListVisibility.PUBLIC)
    )
    reading = read(
        request,
        original=org.language,
        translations=list(org.translations.all()),
        path=org.get_absolute_url(),
    )
    ctx = {
        "organization": org,
        # Its texts in the reader's language (a stand-in for templates, never for queries).
        "shown": reading.localize(org, description="description"),
        "reading": reading,
        "coalitions": coalitions,
        "bodies": org.bodies.all(),
        "is_own": is_own,
        **organization_page.activity(request, org),
    }
    return render(request, "public/organization.html", ctx)


def coalition(request, slug):
    obj, member = get_coalition_for_reader(request, slug)
    close_due(coalition=obj)  # the page lists resolutions: a due vote's result comes first
    members_by_country = None
    if obj.member_list_is_public or member:
        members = obj.active_members().order_by("organization__country", "organization__name")
        members_by_country = [
            (group[0].organization.country_name, group)
            for _code, rows in groupby(members, key=lambda m: m.organization.country)
            for group in [list(rows)]
        ]
        members_by_country.sort(key=lambda item: item[0])
    reading = read(
        request,
        original=obj.language,
        translations=list(obj.translations.all()),
        path=obj.get_absolute_url(),
    )
    ctx = {
        "coalition": obj,
        "shown": reading.localize(obj, description="description"),
        "reading": reading,
        "platform": _platform_in(reading, obj.current_platform()),
        "members_by_country": members_by_country,
        "member_count": obj.memberships.active().count(),
        "is_member": member,
        "is_coordinator": is_coordinator(request.user, obj),
    }
    return render(request, "public/coalition.html", ctx)


def _platform_in(reading: Reading, platform: PlatformVersion | None):
    """The platform with its points in the reading's language, by number."""
    if platform is None or reading.translation is None:
        return platform
    points = [
        reading.text(f"points.{n}", point) for n, point in enumerate(platform.points, start=1)
    ]
    return Localized(platform, {"points_html": [render_markdown(point) for point in points]})


@never_cache
@require_GET
def choose_language(request):
    """The header's language switcher: a GET form, so pages carry no per-visitor CSRF token.

    That keeps cached public pages byte-identical for every reader (a surge reads one copy).
    Choosing a language changes only the reader's own cookie, so there is nothing to forge.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


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
