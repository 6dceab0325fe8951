"""The coordinators' pages: open a case, see its full record, edit it.

Editors and admins of the case's organization keep its file too, unless the case is
protected: then they read its public face and change nothing (permissions.get_case_for_user).
Its timeline and links are kept in timeline.py and links.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from caucus.lib.forms import apply_validation_error, form_status
from caucus.solidarity import services
from caucus.solidarity.forms import RECORD_FIELDS, CaseForm, EntryForm, LinkForm, StatementLinkForm
from caucus.solidarity.permissions import (
    editable_organizations,
    get_case_for_user,
    get_coalition_for_case_opener,
)
from caucus.solidarity.views.cases import photo_response


def _organizations(request, coalition, coordinating: bool):
    if coordinating:
        return coalition.active_organizations().order_by("name")
    return editable_organizations(request.user, coalition).order_by("name")


@login_required
def case_index(request, slug):
    coalition, coordinating = get_coalition_for_case_opener(request, slug)
    cases = coalition.cases.select_related("organization").order_by("country", "display_name")
    if not coordinating:
        # Only coordinators know the secret a display name stored before the Trust rule may
        # hold: the others list the public names, in their order (not the stored names').
        cases = cases.filter(organization__in=editable_organizations(request.user, coalition))
        cases = sorted(
            cases.select_related("record"), key=lambda c: (c.country, c.public_display_name)
        )
    ctx = {"coalition": coalition, "cases": cases, "coordinating": coordinating}
    return render(request, "solidarity/manage_list.html", ctx)


@login_required
def case_new(request, slug):
    coalition, coordinating = get_coalition_for_case_opener(request, slug)
    organizations = _organizations(request, coalition, coordinating)
    form = CaseForm(request.POST or None, request.FILES or None, organizations=organizations)
    if not coordinating:
        form.fields["organization"].required = True
        form.fields["organization"].empty_label = None
    if request.method == "POST" and form.is_valid():
        record = form.record_data()
        data = {k: v for k, v in form.cleaned_data.items() if k not in RECORD_FIELDS}
        publish = data.pop("publish")
        try:
            case = services.case_create(
                coalition=coalition, actor=request.user, publish=publish, record=record, **data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The case is opened."))
            return redirect("solidarity:manage", coalition.slug, case.slug)
    return render(
        request,
        "solidarity/case_form.html",
        {"form": form, "coalition": coalition},
        status=form_status(form),
    )


def _flag_withheld(case, entries: list, links: list) -> None:
    """Mark what the public accessors withhold because it could name the person: text stored
    before protection was turned on, for coordinators to rewrite."""
    for entry in entries:
        entry.case = case
        entry.withheld = any(
            case.identifies(text, markdown=md)
            for text, md in ((entry.note, True), (entry.place, False), (entry.source_url, False))
        )
    for link in links:
        link.withheld = link.identifies(case)


@login_required
def case_manage(request, slug, case_slug):
    case, full = get_case_for_user(request, slug, case_slug)
    entries = list(case.entries.order_by("-date", "-starts_at", "-pk"))
    links = list(case.links.select_related("statement", "statement__published_version"))
    _flag_withheld(case, entries, links)
    ctx = {
        "case": case,
        # a display name stored before the Trust rule may hold the secret: coordinators only
        "case_name": case.display_name if full else case.public_display_name,
        "coalition": case.coalition,
        "full": full,
        "may_change": full or not case.protected,
        "entries": entries,
        "links": links,
        "entry_form": EntryForm(),
        "link_form": LinkForm(auto_id="link_%s"),
        "statement_form": StatementLinkForm(auto_id="statement_%s"),
    }
    return render(request, "solidarity/manage_case.html", ctx)


@login_required
def case_edit(request, slug, case_slug):
    case, coordinating = get_case_for_user(request, slug, case_slug, write=True)
    organizations = _organizations(request, case.coalition, coordinating)
    form = CaseForm(
        request.POST or None, request.FILES or None, instance=case, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        try:
            services.case_update(
                case=case,
                actor=request.user,
                changed=[f for f in form.changed_data if f != "publish"],
                publish=form.cleaned_data["publish"],
                record=form.record_data(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("solidarity:manage", case.coalition.slug, case.slug)
    if request.method == "POST":
        case.refresh_from_db()
    return render(
        request,
        "solidarity/case_form.html",
        {"form": form, "coalition": case.coalition, "case": case},
        status=form_status(form),
    )


@login_required
def case_photo(request, slug, case_slug):
    """The photo for those who may see the full record (protected cases included)."""
    case, full = get_case_for_user(request, slug, case_slug)
    if not case.private.photo or not (full or not case.protected):
        raise Http404
    return photo_response(case)
