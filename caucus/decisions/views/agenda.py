"""A meeting's agenda, edited by the coalition's coordinators: add, edit, reorder, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caucus.decisions.forms import AgendaItemForm, AgendaMoveForm
from caucus.decisions.permissions import (
    get_agenda_item_for_coordinator,
    get_meeting_for_user,
    require_coordinator,
)
from caucus.decisions.services import agenda
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status


def _to_agenda(meeting):
    return redirect(meeting.get_absolute_url() + "#agenda")


def _form_page(request, meeting, form, item=None):
    return render(
        request,
        "decisions/agenda_form.html",
        {"coalition": meeting.coalition, "meeting": meeting, "form": form, "item": item},
        status=form_status(form),
    )


@require_POST
@login_required
def agenda_add(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = AgendaItemForm(request.POST, coalition=meeting.coalition)
    if form.is_valid():
        try:
            agenda.agenda_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _to_agenda(meeting)
    return _form_page(request, meeting, form)


@login_required
def agenda_edit(request, slug, pk, item_pk):
    item = get_agenda_item_for_coordinator(request, slug, pk, item_pk)
    meeting = item.meeting
    form = AgendaItemForm(request.POST or None, coalition=meeting.coalition, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            agenda.agenda_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The agenda item is saved."))
            return _to_agenda(meeting)
    return _form_page(request, meeting, form, item)


@require_POST
@login_required
def agenda_move(request, slug, pk, item_pk):
    """Move an item to a position (the page's up and down buttons post the neighbour's)."""
    item = get_agenda_item_for_coordinator(request, slug, pk, item_pk)
    form = AgendaMoveForm(request.POST)
    if form.is_valid():
        try:
            agenda.agenda_move(
                item=item, actor=request.user, position=form.cleaned_data["position"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _to_agenda(item.meeting)
    return render(
        request,
        "decisions/agenda_error.html",
        {"coalition": item.meeting.coalition, "meeting": item.meeting, "form": form},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@login_required
def agenda_remove(request, slug, pk, item_pk):
    item = get_agenda_item_for_coordinator(request, slug, pk, item_pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove an agenda item"),
            subject=item.title,
            consequence=sentence(
                _(
                    "The item leaves the agenda of “%(meeting)s”; the items after it move up. "
                    "Its text is not kept: you would have to add it again."
                ),
                {"meeting": item.meeting.title},
            ),
            button=_("Remove the item"),
            cancel_url=item.meeting.get_absolute_url() + "#agenda",
        )
    try:
        agenda.agenda_remove(item=item, actor=request.user)
    except ValidationError as exc:
        form = AgendaMoveForm()
        apply_validation_error(form, exc)
        return render(
            request,
            "decisions/agenda_error.html",
            {"coalition": item.meeting.coalition, "meeting": item.meeting, "form": form},
            status=400,
        )
    messages.success(
        request, sentence(_("“%(title)s” is removed from the agenda."), {"title": item.title})
    )
    return _to_agenda(item.meeting)
