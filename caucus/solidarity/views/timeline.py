"""A case's timeline, kept by its coordinators: adding, editing and deleting entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.zones import wall_clock
from caucus.solidarity import services
from caucus.solidarity.confirmations import confirm_entry_delete
from caucus.solidarity.forms import EntryForm
from caucus.solidarity.models import TimelineEntry
from caucus.solidarity.permissions import get_case_for_user


@login_required
def entry_new(request, slug, case_slug):
    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_add(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if entry.before_arrest:
                messages.warning(
                    request, _("Saved. Note: this hearing is dated before the arrest.")
                )
            else:
                messages.success(request, _("The entry is added to the timeline."))
            return redirect("solidarity:manage", case.coalition.slug, case.slug)
    return render(
        request,
        "solidarity/entry_form.html",
        {"form": form, "case": case, "coalition": case.coalition},
        status=form_status(form),
    )


@login_required
def entry_edit(request, slug, case_slug, pk):
    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    entry = get_object_or_404(TimelineEntry, pk=pk, case=case)
    local = entry.local_start
    initial = {
        "kind": entry.kind,
        "date": entry.date,
        "time": local.time() if local else None,
        "time_fold": wall_clock(local, local.tzinfo)[1] if local else "",
        "time_zone": entry.time_zone,
        "place": entry.place,
        "note": entry.note,
        "source_url": entry.source_url,
    }
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect("solidarity:manage", case.coalition.slug, case.slug)
    return render(
        request,
        "solidarity/entry_form.html",
        {"form": form, "case": case, "coalition": case.coalition, "entry": entry},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def entry_delete(request, slug, case_slug, pk):
    """GET: the confirmation page; POST: delete the entry."""
    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    entry = get_object_or_404(TimelineEntry, pk=pk, case=case)
    if request.method == "GET":
        return confirm_page(request, **confirm_entry_delete(entry))
    services.entry_delete(entry=entry, actor=request.user)
    messages.success(request, _("The entry is deleted."))
    return redirect("solidarity:manage", case.coalition.slug, case.slug)
