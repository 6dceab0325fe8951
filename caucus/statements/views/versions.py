"""A statement's versions and their comparison, for those who may read them."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from caucus.lib.diff import diff_stats, render_diff, word_diff
from caucus.lib.markdown_text import text_blocks
from caucus.organizations.permissions import require_mfa
from caucus.statements.permissions import (
    can_propose_amendments,
    get_statement_for_user,
)


def _readable_versions(request, slug):
    """(statement, queryset of versions this reader may see, can_edit)."""
    statement, can_edit = get_statement_for_user(request, slug)
    if can_edit or can_propose_amendments(request.user, statement):
        if not statement.is_public:
            require_mfa(request.user)
        return statement, statement.versions.select_related("author"), can_edit
    published = statement.publications.filter(published_at__lte=timezone.now()).values("version_id")
    return statement, statement.versions.filter(pk__in=published), False


def versions(request, slug):
    statement, versions, can_edit = _readable_versions(request, slug)
    versions = list(versions.order_by("-number"))
    ctx = {"statement": statement, "versions": versions, "can_edit": can_edit}
    return render(request, "statements/versions.html", ctx)


def version_detail(request, slug, number):
    statement, versions, _can_edit = _readable_versions(request, slug)
    version = get_object_or_404(versions, number=number)
    return render(request, "statements/version.html", {"statement": statement, "version": version})


def compare(request, slug):
    statement, versions, _can_edit = _readable_versions(request, slug)
    numbers = sorted(v.number for v in versions)
    if not numbers:
        raise Http404
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[0]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        return render(
            request, "statements/compare.html", {"statement": statement, "bad": True}, status=400
        )
    old = versions.filter(number=a).first()
    new = versions.filter(number=b).first()
    if old is None or new is None:
        raise Http404
    title_chunks = word_diff(old.title, new.title)
    # The text as readers see it, block by block: no Markdown markup in the diff.
    body_chunks = word_diff(text_blocks(old.body), text_blocks(new.body))
    ctx = {
        "statement": statement,
        "old": old,
        "new": new,
        "numbers": numbers,
        "title_diff": render_diff(title_chunks),
        "body_diff": render_diff(body_chunks),
        "stats": diff_stats(title_chunks + body_chunks),
    }
    return render(request, "statements/compare.html", ctx)
