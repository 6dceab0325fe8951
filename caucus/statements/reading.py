"""The public side of statements: the page in the reader's language, print, share and embed."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from caucus.lib.forms import form_status
from caucus.lib.sharing import share_links
from caucus.lib.urls import absolute_url
from caucus.statements.cache import cached_page, good_until
from caucus.statements.embed import card_html, feed_links
from caucus.statements.forms import MastodonForm
from caucus.statements.models import Republication, Statement, Status
from caucus.statements.permissions import get_public_statement
from caucus.statements.selectors import linked_campaigns, public_translations
from caucus.statements.services import revision_apply_due
from caucus.translations.reader import read

# The signatures app draws these parts when it is installed (statements never imports it).
SIGNATURES_PANEL = ["signatures/_statement_panel.html", "statements/_no_signatures.html"]
SIGNATURES_LIST = ["signatures/_statement_list.html", "statements/_no_signatures.html"]
SIGNATURES_PRINT = ["signatures/_statement_print.html", "statements/_no_signatures.html"]


def _shown(slug: str) -> Statement:
    """The public statement for a page showing its text: a scheduled revision past its time
    is applied first (explicitly here; guards only read, and the deferred task does it on
    time where the backend can defer)."""
    statement = get_public_statement(slug)
    revision_apply_due(statement=statement)
    return statement


def signing_open(statement: Statement) -> bool:
    return (
        statement.status == Status.PUBLISHED
        and statement.open_to_individuals
        and not statement.signing_closed
    )


def _page_context(request, statement: Statement) -> dict:
    """The page in the reader's language (the shared resolver: caucus/translations/reader.py)."""
    path = statement.get_absolute_url()
    reading = read(
        request,
        original=statement.language,
        translations=public_translations(statement),
        path=path,
    )
    translation = reading.translation
    version = statement.published_version
    title = translation.title if translation else version.title
    # No teaser in the original's language inside a translation (ux review #9).
    teaser = translation.teaser if translation else statement.teaser
    url = absolute_url(reading.url)
    return {
        "statement": statement,
        "version": version,
        "translation": translation,
        "reading": reading,
        "language": reading.language,
        "title": title,
        "teaser": teaser,
        "body_html": translation.body_html() if translation else version.body_html(),
        "canonical_url": absolute_url(path),
        "share_url": url,
        "share_links": share_links(url, title),
        "feeds": feed_links(statement),
        "site_url": settings.SITE_URL,
        "signatures_panel": SIGNATURES_PANEL,
        "signatures_list": SIGNATURES_LIST,
        "signatures_print": SIGNATURES_PRINT,
        "signing_open": signing_open(statement),
        "campaigns": linked_campaigns(statement),
        "revised": statement.publications.filter(published_at__lte=timezone.now()).count() > 1,
    }


@require_GET
def detail(request, slug):
    """The statement page; anonymous readers get it from a short-lived cache (cache.py), kept
    no longer than the statement's next scheduled revision."""

    def render_page(extra: dict):
        statement = _shown(slug)
        if statement.status == Status.WITHDRAWN:
            ctx = {"statement": statement, **extra}
            return render(request, "statements/tombstone.html", ctx)
        ctx = {**_page_context(request, statement), **extra}
        page = render(request, "statements/detail.html", ctx)
        return good_until(page, statement.next_change_at)

    return cached_page(request, slug, "detail", render_page)


@require_GET
def printable(request, slug):
    def render_page(extra: dict):
        statement = _shown(slug)
        if statement.status == Status.WITHDRAWN:
            ctx = {"statement": statement, **extra}
            return render(request, "statements/tombstone.html", ctx)
        ctx = {**_page_context(request, statement), "printable": True, **extra}
        page = render(request, "statements/print.html", ctx)
        return good_until(page, statement.next_change_at)

    return cached_page(request, slug, "print", render_page)


@require_GET
def republication(request, slug, org_slug):
    statement = _shown(slug)
    republished = get_object_or_404(
        Republication.objects.select_related("organization"),
        statement=statement,
        organization__slug=org_slug,
    )
    if statement.status == Status.WITHDRAWN:
        return render(request, "statements/tombstone.html", {"statement": statement})
    ctx = {**_page_context(request, statement), "republication": republished}
    return render(request, "statements/detail.html", ctx)


@require_GET
def share_mastodon(request, slug):
    """Ask for the reader's server, then show where the share link goes: the reader follows
    it, never an automatic redirect to a host someone else may have put in the address."""
    statement = get_public_statement(slug)
    form = MastodonForm(request.GET if "instance" in request.GET else None)
    ctx = {"statement": statement, "form": form}
    if form.is_bound and form.is_valid():
        host = form.cleaned_data["instance"]
        version = statement.published_version
        text = f"{version.title} {absolute_url(statement.get_absolute_url())}"
        ctx["host"] = host
        ctx["share_url"] = f"https://{host}/share?" + urlencode({"text": text})
        return render(request, "statements/share_mastodon_go.html", ctx)
    return render(request, "statements/share_mastodon.html", ctx, status=form_status(form))


@require_GET
def embed(request, slug):
    statement = get_public_statement(slug)
    snippet = card_html(statement)
    ctx = {"statement": statement, "snippet": snippet, "site_url": settings.SITE_URL}
    return render(request, "statements/embed.html", ctx)


@require_GET
def index(request, topic=None):
    statements = Statement.objects.public().select_related(
        "published_version",
        "author_organization",
        "author_body__organization",
        "author_coalition",
    )
    if topic:
        statements = statements.filter(topics__icontains=f'"{topic}"')
    page = Paginator(statements.order_by("-published_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    feeds = (
        [("application/rss+xml", reverse("statements:topic_rss", args=[topic]))]
        if topic
        else [
            ("application/rss+xml", reverse("statements:feed_rss")),
            ("application/atom+xml", reverse("statements:feed_atom")),
        ]
    )
    return render(request, "statements/index.html", {"page": page, "topic": topic, "feeds": feeds})
