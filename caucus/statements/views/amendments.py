"""Amendments (propose, rebase, accept, reject) and republication.

Translations have the pages every translatable kind shares (caucus/translations/views/).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.diff import render_diff, word_diff
from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.markdown_text import text_blocks
from caucus.organizations.permissions import require_mfa
from caucus.statements import services
from caucus.statements.confirmations import confirm_amendment_reject
from caucus.statements.forms import AmendmentForm, RejectForm, RepublishForm
from caucus.statements.models import Amendment
from caucus.statements.permissions import (
    can_accept_amendments,
    can_propose_amendments,
    get_statement_for_user,
    proposer_organization,
    republishing_organizations,
)


def _proposer_statement(request, slug):
    statement, _can_edit = get_statement_for_user(request, slug)
    if not can_propose_amendments(request.user, statement):
        raise PermissionDenied(_("Only drafters and member organizations can propose amendments."))
    require_mfa(request.user)
    return statement


@login_required
def amendment_new(request, slug):
    statement = _proposer_statement(request, slug)
    version = statement.current_version
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_propose(
                statement=statement,
                actor=request.user,
                version=version,
                organization=proposer_organization(request.user, statement),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Amendment #%(n)s is proposed.") % {"n": amendment.number})
            return redirect("statements:amendment", statement.slug, amendment.number)
    ctx = {"statement": statement, "version": version, "form": form}
    return render(request, "statements/amendment_new.html", ctx, status=form_status(form))


@login_required
def amendment_detail(request, slug, number):
    statement = _proposer_statement(request, slug)
    amendment = get_object_or_404(
        Amendment.objects.select_related("version", "proposer", "organization", "decided_by"),
        statement=statement,
        number=number,
    )
    amendment.statement = statement
    applied = amendment.apply_to(amendment.version.body)
    preview = (
        render_diff(word_diff(text_blocks(amendment.version.body), text_blocks(applied)))
        if applied
        else None
    )
    rebasable = (
        amendment.is_stale and amendment.apply_to(statement.current_version.body) is not None
    )
    ctx = {
        "statement": statement,
        "amendment": amendment,
        "preview": preview,
        "rebasable": rebasable,
        "can_accept": can_accept_amendments(request.user, statement),
    }
    return render(request, "statements/amendment.html", ctx)


def _decider_amendment(request, slug, number):
    statement = _proposer_statement(request, slug)
    amendment = get_object_or_404(Amendment, statement=statement, number=number)
    return statement, amendment


def _finish(request, statement, amendment, action, success):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("statements:amendment", statement.slug, amendment.number)


@require_POST
@login_required
def amendment_accept(request, slug, number):
    statement, amendment = _decider_amendment(request, slug, number)
    if not can_accept_amendments(request.user, statement):
        raise PermissionDenied(_("Only the statement's editors can accept amendments."))
    return _finish(
        request,
        statement,
        amendment,
        lambda: services.amendment_accept(amendment=amendment, actor=request.user),
        _("The amendment is accepted and a new version is saved."),
    )


@require_POST
@login_required
def amendment_rebase(request, slug, number):
    statement, amendment = _decider_amendment(request, slug, number)
    if not (
        amendment.proposer_id == request.user.pk or can_accept_amendments(request.user, statement)
    ):
        raise PermissionDenied(_("Only the proposer or an editor can move this amendment."))
    return _finish(
        request,
        statement,
        amendment,
        lambda: services.amendment_rebase(amendment=amendment, actor=request.user),
        _("The amendment now applies to the current version."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def amendment_reject(request, slug, number):
    """GET: what rejecting does, and the reply asked; POST: reject (issue 14)."""
    statement, amendment = _decider_amendment(request, slug, number)
    if not can_accept_amendments(request.user, statement):
        raise PermissionDenied(_("Only the statement's editors can reject amendments."))
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_reject(amendment=amendment, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The amendment is rejected."))
            return redirect("statements:amendment", statement.slug, amendment.number)
    amendment.statement = statement
    extra = {"statement": statement, "amendment": amendment, "form": form}
    status = form_status(form)
    return confirm_page(request, **confirm_amendment_reject(amendment), extra=extra, status=status)


@login_required
def republish(request, slug):
    statement, _can_edit = get_statement_for_user(request, slug)
    organizations = republishing_organizations(request.user, statement)
    form = RepublishForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        org = next(o for o in organizations if o.slug == form.cleaned_data["organization"])
        try:
            republication = services.statement_republish(
                statement=statement,
                organization=org,
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, sentence(_("Republished for %(org)s."), {"org": org.name}))
            return redirect(republication.get_absolute_url())
    ctx = {"statement": statement, "form": form}
    return render(request, "statements/republish.html", ctx, status=form_status(form))
