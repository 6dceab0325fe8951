"""The contacts export: the confirmed signers who allowed contact, as CSV."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from caucus.signatures import services
from caucus.signatures.permissions import get_statement_for_signature_admin


def _cell(value: str) -> str:
    """Keep a spreadsheet from running a signer's text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_POST
def export_contacts(request: HttpRequest, slug: str) -> HttpResponse:
    statement = get_statement_for_signature_admin(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{statement.slug}-contacts.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["name", "email", "city", "country", "language", "confirmed_at"])
    for signer in services.contacts_for_export(statement=statement, actor=request.user).iterator(
        chunk_size=2000
    ):
        writer.writerow(
            [
                _cell(signer.name),
                _cell(signer.email),
                _cell(signer.city),
                signer.country,
                signer.language,
                signer.confirmed_at.isoformat() if signer.confirmed_at else "",
            ]
        )
    return response
