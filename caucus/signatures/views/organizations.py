"""Organizations' signatures: organizations sign, re-confirm and withdraw; coordinators
answer requests to co-sign and remind the organizations that have not signed yet.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.organizations.models import Organization
from caucus.signatures import reminders, services
from caucus.signatures.confirmations import confirm_decline, confirm_org_withdraw
from caucus.signatures.models import OrganizationSignature, OrgState
from caucus.signatures.permissions import (
    get_org_signature_for_signer,
    get_statement_for_signature_admin,
    get_statement_for_signing_org,
)
from caucus.signatures.services import SIGNABLE
from caucus.signatures.templatetags.signatures import person_context
from caucus.signatures.views.signing import statement_url
from caucus.statements.permissions import get_statement_for_user

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")  # an organization's slug (SlugField)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def org_sign(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the person's organizations and their signatures; POST: sign for one of them."""
    if request.method == "GET":
        statement, _can_edit = get_statement_for_user(request, slug)
        if statement.status not in SIGNABLE:
            raise Http404
        ctx = {**person_context(statement, request), "statement_url": statement_url(statement)}
        return render(request, "signatures/organization.html", ctx)
    org_slug = request.POST.get("organization", "")[:60]
    statement, membership = get_statement_for_signing_org(request, slug, org_slug)
    try:
        signature = services.organization_sign(
            statement=statement, organization=membership.organization, actor=request.user
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        if signature.state == OrgState.SIGNED:
            text = _("%(org)s signed version %(version)s.")
        else:
            text = _("%(org)s asked to co-sign version %(version)s; the coordinators will answer.")
        messages.success(
            request, text % {"org": membership.organization, "version": signature.version.number}
        )
    return redirect(statement_url(statement))


@login_required
@require_POST
def org_reconfirm(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    signature = get_org_signature_for_signer(request, slug, org_slug)
    statement = signature.statement
    try:
        services.organization_reconfirm(signature=signature, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            sentence(
                _("%(org)s now signs version %(version)s."),
                {"org": signature.organization, "version": signature.version.number},
            ),
        )
    return redirect(statement_url(statement))


@login_required
@require_http_methods(["GET", "POST"])
def org_withdraw(request: HttpRequest, slug: str, org_slug: str) -> HttpResponse:
    """GET: the confirmation page; POST: withdraw the signature or the request to co-sign."""
    signature = get_org_signature_for_signer(request, slug, org_slug)
    statement = signature.statement
    if request.method == "GET":
        if signature.state not in (OrgState.SIGNED, OrgState.REQUESTED):
            return redirect(statement_url(statement))
        cancel = statement_url(statement)
        return confirm_page(request, **confirm_org_withdraw(signature, cancel_url=cancel))
    try:
        services.organization_withdraw(signature=signature, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The signature is withdrawn."))
    return redirect(statement_url(statement))


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    """Approve (POST) or decline a request to co-sign; declining asks first (GET)."""
    if decision not in ("approve", "decline"):
        raise Http404
    if request.method == "GET" and decision == "approve":
        return HttpResponseNotAllowed(["POST"])
    statement = get_statement_for_signature_admin(request, slug)
    signature = get_object_or_404(
        OrganizationSignature.objects.select_related("organization", "version"),
        statement=statement,
        pk=pk,
    )
    signature.statement = statement
    if request.method == "GET":
        if signature.state != OrgState.REQUESTED:
            return redirect("signatures:manage", statement.slug)
        return confirm_page(request, **confirm_decline(signature))
    try:
        services.organization_decide(
            signature=signature, approve=decision == "approve", actor=request.user
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The request is answered."))
    return redirect("signatures:manage", statement.slug)


@login_required
@require_POST
def remind(request: HttpRequest, slug: str) -> HttpResponse:
    """The co-signing tracker's reminder: one organization (`organization`) or all waiting."""
    statement = get_statement_for_signature_admin(request, slug)
    target = request.POST.get("organization", "")[:60]
    if target == "all":
        sent, skipped = reminders.reminders_send_all(statement=statement, actor=request.user)
        if sent:
            messages.success(
                request,
                ngettext(
                    "%(n)s organization is reminded.", "%(n)s organizations are reminded.", sent
                )
                % {"n": sent},
            )
        if skipped:
            messages.info(
                request,
                ngettext(
                    "%(n)s organization was reminded less than a day ago and is not reminded "
                    "again yet.",
                    "%(n)s organizations were reminded less than a day ago and are not reminded "
                    "again yet.",
                    skipped,
                )
                % {"n": skipped},
            )
    else:
        if not SLUG.fullmatch(target):  # e.g. a NUL, which PostgreSQL refuses to compare
            raise Http404
        organization = get_object_or_404(Organization, slug=target)
        try:
            reminders.reminder_send(
                statement=statement, organization=organization, actor=request.user
            )
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(
                request, sentence(_("%(org)s is reminded."), {"org": organization.display_name})
            )
    return redirect("statements:workspace", statement.slug)
