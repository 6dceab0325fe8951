"""Meetings (schedule, agenda, attendance, minutes) and the joint action plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions import services
from caucus.decisions.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
)
from caucus.decisions.models import ActionItem, MinutesVersion
from caucus.decisions.permissions import (
    get_action_for_user,
    get_meeting_for_user,
    require_coordinator,
)
from caucus.decisions.tasks import meeting_ics
from caucus.lib.forms import apply_validation_error


def _status(form) -> int:
    return 400 if form.errors else 200


@login_required
def meeting_list(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    meetings = coalition.meetings.all()
    return render(
        request,
        "decisions/meeting_list.html",
        {"coalition": coalition, "coordinating": coordinating, "meetings": meetings},
    )


@login_required
def meeting_new(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    form = MeetingForm(request.POST or None, coalition=coalition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                coalition=coalition,
                actor=request.user,
                title=data["title"],
                starts=data["starts"],
                ends=data["ends"],
                time_zone=data["time_zone"],
                place=data["place"],
                online_link=data["online_link"],
                invited=data["invited"],
                agenda=data["agenda"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting is scheduled; invitations are on their way."))
            return redirect(meeting)
    return render(
        request,
        "decisions/meeting_form.html",
        {"coalition": coalition, "form": form},
        status=_status(form),
    )


@login_required
def meeting_detail(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    attendance = {a.organization_id: a for a in meeting.attendance.all()}
    invited = list(meeting.invited.order_by("name"))
    ctx = {
        "coalition": meeting.coalition,
        "meeting": meeting,
        "coordinating": coordinating,
        "agenda": meeting.agenda.select_related("motion"),
        "invited": [(org, attendance.get(org.pk)) for org in invited],
        "minutes": meeting.approved_minutes or meeting.latest_minutes(),
        "motions": meeting.motions.all(),
        "actions": meeting.actions.prefetch_related("responsible"),
        "agenda_form": AgendaItemForm(coalition=meeting.coalition) if coordinating else None,
    }
    return render(request, "decisions/meeting_detail.html", ctx)


@login_required
def meeting_ics_download(request, slug, pk):
    meeting, _coordinating = get_meeting_for_user(request, slug, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_POST
@login_required
def agenda_add(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = AgendaItemForm(request.POST, coalition=meeting.coalition)
    if form.is_valid():
        try:
            services.agenda_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(meeting)
    return render(
        request,
        "decisions/agenda_form.html",
        {"coalition": meeting.coalition, "meeting": meeting, "form": form},
        status=400,
    )


@login_required
def attendance(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    current = dict(meeting.attendance.values_list("organization_id", "status"))
    form = AttendanceForm(
        request.POST or None, organizations=meeting.invited.order_by("name"), current=current
    )
    if request.method == "POST" and form.is_valid():
        services.attendance_record(meeting=meeting, actor=request.user, statuses=form.statuses())
        messages.success(request, _("Attendance is recorded."))
        return redirect(meeting)
    return render(
        request,
        "decisions/attendance_form.html",
        {"coalition": meeting.coalition, "meeting": meeting, "form": form},
        status=_status(form),
    )


@login_required
def minutes(request, slug, pk):
    """Members read every version; coordinators save a new one."""
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    latest = meeting.latest_minutes()
    form = None
    if coordinating:
        form = MinutesForm(request.POST or None, initial={"text": latest.text if latest else ""})
    elif request.method == "POST":
        require_coordinator(coordinating)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("A new version of the minutes is saved."))
            return redirect("decisions:minutes", slug, pk)
    ctx = {
        "coalition": meeting.coalition,
        "meeting": meeting,
        "coordinating": coordinating,
        "versions": meeting.minutes.select_related("author").prefetch_related("approval_motions"),
        "form": form,
    }
    return render(
        request,
        "decisions/minutes.html",
        ctx,
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@login_required
def minutes_approve(request, slug, pk, number):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    version = get_object_or_404(MinutesVersion, meeting=meeting, number=number)
    services.minutes_approve(version=version, actor=request.user)
    messages.success(request, _("Version %(n)s of the minutes is approved.") % {"n": number})
    return redirect("decisions:minutes", slug, pk)


@login_required
def action_list(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    actions = ActionItem.objects.filter(coalition=coalition).select_related("meeting")
    actions = actions.prefetch_related("responsible")
    mine = set(request.user.memberships.values_list("organization_id", flat=True))
    rows = [(a, coordinating or any(o.pk in mine for o in a.responsible.all())) for a in actions]
    form = ActionForm(coalition=coalition) if coordinating else None
    return render(
        request,
        "decisions/action_list.html",
        {
            "coalition": coalition,
            "coordinating": coordinating,
            "rows": rows,
            "form": form,
            "status_choices": ActionStatusForm().fields["status"].choices,
        },
    )


@require_POST
@login_required
def action_new(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    form = ActionForm(request.POST, coalition=coalition)
    if form.is_valid():
        services.action_create(coalition=coalition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The action is added to the plan."))
        return redirect("decisions:actions", slug)
    return render(
        request, "decisions/action_form.html", {"coalition": coalition, "form": form}, status=400
    )


@require_POST
@login_required
def action_status(request, slug, pk):
    action = get_action_for_user(request, slug, pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a valid status."))
    services.action_set_status(
        action=action, actor=request.user, status=form.cleaned_data["status"]
    )
    messages.success(request, _("The action's status is updated."))
    return redirect("decisions:actions", slug)
