"""The audit log page, one for every scope that keeps one (an organization, a coalition): the
caller's guard decides who may read it, this renders its entries 50 to a page, newest first."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from caucus.audit.models import AuditEntry


def log_page(request: HttpRequest, *, scope, back: str, **where) -> HttpResponse:
    """`where` picks the scope's entries (organization=... or coalition=...); `back` is the
    address of the scope's management page."""
    page = Paginator(AuditEntry.objects.filter(**where), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "scope": scope, "back": back})
