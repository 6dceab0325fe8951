"""Meetings (schedule, agenda, attendance, minutes) and the joint action plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.campaigns.reader import reader_zone
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingCancelForm,
    MeetingForm,
    MinutesForm,
)
from caucus.decisions.models import ActionItem, MinutesVersion
from caucus.decisions.permissions import (
    get_action_for_user,
    get_meeting_for_user,
    require_coordinator,
)
from caucus.decisions.services import meetings, plan
from caucus.decisions.services import minutes as minutes_services
from caucus.decisions.tasks import meeting_ics
from caucus.lib.bidi import sentence
from caucus.lib.forms import apply_validation_error, form_status


@login_required
def meeting_list(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    return render(
        request,
        "decisions/meeting_list.html",
        {
            "coalition": coalition,
            "coordinating": coordinating,
            "meetings": coalition.meetings.all(),
            "reader_zone": reader_zone(request),
        },
    )


@login_required
def meeting_new(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    form = MeetingForm(request.POST or None, coalition=coalition)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_schedule(
                coalition=coalition, actor=request.user, **form.cleaned_data
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
        status=form_status(form),
    )


@login_required
def meeting_detail(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    attendance = {a.organization_id: a for a in meeting.attendance.all()}
    invited = list(meeting.invited.order_by("name"))
    editing = coordinating and not meeting.is_cancelled
    agenda = list(
        meeting.agenda.select_related(
            "motion", "campaign", "statement__current_version", "statement__published_version"
        )
    )
    ctx = {
        "coalition": meeting.coalition,
        "meeting": meeting,
        "coordinating": coordinating,
        "editing": editing,
        "agenda": agenda,
        "agenda_count": len(agenda),
        "invited": [(org, attendance.get(org.pk)) for org in invited],
        "minutes": meeting.approved_minutes or meeting.latest_minutes(),
        "motions": meeting.motions.all(),
        "actions": meeting.actions.prefetch_related("responsible"),
        "changes": meeting.changes.select_related("actor"),
        "agenda_form": AgendaItemForm(coalition=meeting.coalition) if editing else None,
        "reader_zone": reader_zone(request),
    }
    return render(request, "decisions/meeting_detail.html", ctx)


@login_required
def meeting_edit(request, slug, pk):
    """Edit or reschedule: invitees hear of a new time, zone, place or link."""
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = MeetingForm(request.POST or None, coalition=meeting.coalition, instance=meeting)
    if meeting.is_cancelled:
        apply_validation_error(
            form, ValidationError(_("This meeting is cancelled; it can no longer change."))
        )
    elif request.method == "POST" and form.is_valid():
        try:
            changed = meetings.meeting_update(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if set(changed) & {*meetings.NOTIFIED_FIELDS, "invited"}:
                messages.success(
                    request, _("The meeting is changed; the invited organizations are told.")
                )
            elif changed:
                messages.success(request, _("The meeting is changed."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(meeting)
    return render(
        request,
        "decisions/meeting_form.html",
        {"coalition": meeting.coalition, "form": form, "meeting": meeting},
        status=form_status(form),
    )


@login_required
def meeting_cancel(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    form = MeetingCancelForm(request.POST or None)
    if meeting.is_cancelled:
        apply_validation_error(form, ValidationError(_("This meeting is already cancelled.")))
    elif request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_cancel(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("The meeting is cancelled; the invited organizations are told.")
            )
            return redirect(meeting)
    return render(
        request,
        "decisions/meeting_cancel.html",
        {"coalition": meeting.coalition, "form": form, "meeting": meeting},
        status=form_status(form),
    )


@login_required
def meeting_ics_download(request, slug, pk):
    meeting, _coordinating = get_meeting_for_user(request, slug, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def attendance(request, slug, pk):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    current = dict(meeting.attendance.values_list("organization_id", "status"))
    form = AttendanceForm(
        request.POST or None, organizations=meeting.invited.order_by("name"), current=current
    )
    if request.method == "POST" and form.is_valid():
        minutes_services.attendance_record(
            meeting=meeting, actor=request.user, statuses=form.statuses()
        )
        messages.success(request, _("Attendance is recorded."))
        return redirect(meeting)
    return render(
        request,
        "decisions/attendance_form.html",
        {"coalition": meeting.coalition, "meeting": meeting, "form": form},
        status=form_status(form),
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
            minutes_services.minutes_save(
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
        status=form_status(form),
    )


@require_POST
@login_required
def minutes_approve(request, slug, pk, number):
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    version = get_object_or_404(MinutesVersion, meeting=meeting, number=number)
    minutes_services.minutes_approve(version=version, actor=request.user)
    messages.success(request, _("Version %(n)s of the minutes is approved.") % {"n": number})
    return redirect("decisions:minutes", slug, pk)


def _action_list(request, coalition, coordinating: bool, *, status: int = 200):
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
        status=status,
    )


@login_required
def action_list(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    return _action_list(request, coalition, coordinating)


@require_POST
@login_required
def action_new(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    form = ActionForm(request.POST, coalition=coalition)
    if form.is_valid():
        plan.action_create(coalition=coalition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The action is added to the plan."))
        return redirect("decisions:actions", slug)
    return render(
        request, "decisions/action_form.html", {"coalition": coalition, "form": form}, status=400
    )


def _back(request, default: str) -> str:
    """Where a form posted from another page (the member workspace) returns to."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@login_required
def action_status(request, slug, pk):
    """A responsible organization (or a coordinator) moves an action along; from the action
    plan or the member workspace, back to where the form was."""
    action = get_action_for_user(request, slug, pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        coalition, coordinating = get_coalition_for_member(request, slug)
        return _action_list(request, coalition, coordinating, status=400)
    plan.action_set_status(action=action, actor=request.user, status=form.cleaned_data["status"])
    messages.success(
        request,
        sentence(
            _("The status of “%(action)s” is now: %(status)s."),
            {"action": action.text, "status": conditional_escape(action.get_status_display())},
        ),
    )
    return redirect(_back(request, reverse("decisions:actions", args=[slug])))
