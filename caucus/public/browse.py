"""Browsing everything published: the latest items, topic and region pages, search, robots."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from caucus.lib.countries import country_choices
from caucus.lib.regions import CONTINENTS, region_name
from caucus.lib.translations import language_choices
from caucus.lib.urls import absolute_url
from caucus.public import search as site_search
from caucus.public.listing import keyset_page
from caucus.public.models import Kind, Publication
from caucus.topics.models import Topic
from caucus.translations.reader import read

SEARCH_PAGE_SIZE = 20


def _tagged_page(request, kind: str, slug: str, title: str, feed_name: str, template_ctx: dict):
    page = keyset_page(
        Publication.objects.tagged(kind, slug).prefetch_related("tags"),
        request.GET.get("before", ""),
    )
    ctx = {"page": page, "title": title, "slug": slug, "feed_name": feed_name, **template_ctx}
    return render(request, "public/tagged.html", ctx)


@require_GET
def latest(request):
    page = keyset_page(Publication.objects.filter(listed=True), request.GET.get("before", ""))
    return render(request, "public/latest.html", {"page": page})


def _topic_reading(request, topic: Topic):
    return read(
        request,
        original=topic.language,
        translations=list(topic.translations.all()),
        path=reverse("public:topic", args=[topic.slug]),
    )


@require_GET
def topics(request):
    """The vocabulary, each topic in the reader's language where it has a translation."""
    shown = []
    for topic in Topic.objects.prefetch_related("translations"):
        reading = _topic_reading(request, topic)
        shown.append((reading.localize(topic, name="name", description="description"), reading))
    return render(request, "public/topics.html", {"topics": shown})


@require_GET
def topic(request, slug):
    obj = get_object_or_404(Topic.objects.prefetch_related("translations"), slug=slug)
    reading = _topic_reading(request, obj)
    shown = reading.localize(obj, name="name", description="description")
    return _tagged_page(
        request,
        "topic",
        slug,
        shown.name,
        "public:topic_feed",
        {"description": shown.description, "reading": reading},
    )


@require_GET
def regions(request):
    country = request.GET.get("country", "").lower()
    if country and region_name(country):
        return redirect("public:region", country)
    continents = [(slug, name) for slug, (_code, name) in CONTINENTS.items()]
    return render(
        request, "public/regions.html", {"continents": continents, "countries": country_choices()}
    )


@require_GET
def region(request, slug):
    name = region_name(slug)
    if name is None:
        raise Http404
    return _tagged_page(request, "region", slug, name, "public:region_feed", {})


@require_GET
def search(request):
    query = request.GET.get("q", "")[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    language = request.GET.get("language", "")[:8]
    country = request.GET.get("country", "")[:2].upper()
    paginator_page = _page_number(request.GET.get("page"))
    hits, total = site_search.search(
        query,
        kind=kind,
        language=language,
        country=country,
        reader_language=request.LANGUAGE_CODE,
        limit=SEARCH_PAGE_SIZE,
        offset=(paginator_page - 1) * SEARCH_PAGE_SIZE,
    )
    page = Paginator(range(total), SEARCH_PAGE_SIZE).get_page(paginator_page) if total else None
    ctx = {
        "query": query,
        "kind": kind,
        "language": language,
        "country": country,
        "hits": hits,
        "total": total,
        "page": page,
        "kinds": Kind.choices,
        "languages": language_choices(),
        "countries": country_choices(),
        "searched": bool(site_search.query_terms(query)),
    }
    return render(request, "public/search.html", ctx)


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 500))
    except ValueError:
        return 1


@require_GET
def robots(request):
    lines = [
        "User-agent: *",
        *[
            f"Disallow: {path}"
            for path in (
                "/dashboard/",
                "/orgs/",
                "/coalitions/",
                "/accounts/",
                "/admin/",
                "/api/",
                "/invitations/",
                "/i18n/",
            )
        ],
        "Sitemap: " + absolute_url(reverse("public:sitemap")),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
