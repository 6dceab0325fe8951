"""A case's links, kept by its coordinators: adding a web page or a published statement,
removing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error
from caucus.solidarity import services
from caucus.solidarity.confirmations import confirm_link_remove
from caucus.solidarity.forms import LinkForm, StatementLinkForm
from caucus.solidarity.models import CaseLink
from caucus.solidarity.permissions import get_case_for_user


@require_POST
@login_required
def link_new(request, slug, case_slug):
    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    if "statement" in request.POST:
        form = StatementLinkForm(request.POST)
        if form.is_valid():
            form = _add_statement_link(request, case, form)
    else:
        form = LinkForm(request.POST)
        if form.is_valid():
            try:
                services.link_add(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
    if form.errors:
        return render(
            request,
            "solidarity/link_form.html",
            {"form": form, "case": case, "coalition": case.coalition},
            status=400,
        )
    messages.success(request, _("The link is added."))
    return redirect("solidarity:manage", case.coalition.slug, case.slug)


def _add_statement_link(request, case, form: StatementLinkForm) -> StatementLinkForm:
    from caucus.statements.models import Statement

    statement = Statement.objects.public().filter(slug=form.cleaned_data["statement"]).first()
    if statement is None:
        form.add_error("statement", _("There is no published statement with this slug."))
        return form
    try:
        services.link_add(
            case=case,
            actor=request.user,
            kind="statement",
            statement=statement,
            call_to_action=form.cleaned_data["call_to_action"],
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
    return form


@require_http_methods(["GET", "POST"])
@login_required
def link_delete(request, slug, case_slug, pk):
    """GET: the confirmation page; POST: remove the link."""
    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    link = get_object_or_404(CaseLink, pk=pk, case=case)
    if request.method == "GET":
        return confirm_page(request, **confirm_link_remove(link))
    services.link_remove(link=link, actor=request.user)
    messages.success(request, _("The link is removed."))
    return redirect("solidarity:manage", case.coalition.slug, case.slug)
