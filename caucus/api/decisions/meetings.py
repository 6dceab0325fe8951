"""Meetings in the API: scheduling, editing, cancelling, the agenda, attendance, minutes."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.decisions.common import (
    C,
    M,
    _MeetingApiForm,
    _per_organization_data,
    _per_organization_invalid,
    _unknown_organizations,
    router,
)
from caucus.api.decisions.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AttendanceIn,
    AttendanceOut,
    CancelIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MinutesIn,
    MinutesOut,
    MoveIn,
    agenda_of,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.campaigns.models import Campaign
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.forms import (
    AgendaItemForm,
    AgendaMoveForm,
    AttendanceForm,
    MeetingCancelForm,
    MinutesForm,
)
from caucus.decisions.models import (
    AgendaItem,
    Meeting,
    MinutesVersion,
    Motion,
)
from caucus.decisions.permissions import (
    get_agenda_item_for_coordinator,
    get_meeting_for_user,
    require_coordinator,
)
from caucus.decisions.services import agenda, meetings, minutes
from caucus.statements.models import Statement

# --- Meetings.


def _coordinated_meeting(request: HttpRequest, slug: str, pk: int) -> Meeting:
    meeting, coordinating = get_meeting_for_user(request, slug, pk)
    require_coordinator(coordinating)
    return meeting


@router.get(C + "/meetings", response={200: list[MeetingOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_meetings(request: HttpRequest, slug: str):
    """The coalition's meetings, latest first (members, with a second factor)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    return (
        Meeting.objects.filter(coalition=coalition)
        .select_related("coalition", "approved_minutes")
        .prefetch_related("invited")
        .order_by("-starts_at", "-pk")
    )


@router.get(M, response={200: MeetingDetailOut, **ERRORS}, auth=SIGNED_IN)
def get_meeting(request: HttpRequest, slug: str, pk: int):
    """A meeting with its agenda, attendance, versions of the minutes, motions and actions."""
    meeting, _coordinating = get_meeting_for_user(request, slug, pk)
    return meeting


@router.post(C + "/meetings", response={201: MeetingDetailOut, **ERRORS}, auth=SIGNED_IN)
def schedule_meeting(request: HttpRequest, slug: str, payload: MeetingIn):
    """Schedule a meeting (coordinators); the invited organizations' people get an email with
    an .ics invitation."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    data = payload.dict(exclude={"invited", "agenda"})
    data["agenda"] = "\n".join(" ".join(item.split()) for item in payload.agenda)
    data["invited"] = (
        payload.invited
        if payload.invited is not None
        else list(coalition.active_members().values_list("organization__slug", flat=True))
    )
    cleaned = valid(_MeetingApiForm(data, coalition=coalition))
    meeting = meetings.meeting_schedule(coalition=coalition, actor=request.user, **cleaned)
    return Status(201, _meeting(meeting.pk))


def _meeting(pk: int) -> Meeting:
    """The meeting as stored, after a write (times back in UTC, relations fresh)."""
    return Meeting.objects.select_related("coalition", "approved_minutes").get(pk=pk)


@router.patch(M, response={200: MeetingDetailOut, **ERRORS}, auth=SIGNED_IN)
def update_meeting(request: HttpRequest, slug: str, pk: int, payload: MeetingPatch):
    """Edit or reschedule a meeting (coordinators); invitees get an updated .ics (same UID,
    next SEQUENCE) when the time, zone, place, link or invited organizations change."""
    meeting = _coordinated_meeting(request, slug, pk)
    initial = _MeetingApiForm(coalition=meeting.coalition, instance=meeting).initial
    initial["invited"] = list(meeting.invited.values_list("slug", flat=True))
    data = {**initial, **payload.dict(exclude_unset=True)}
    cleaned = valid(_MeetingApiForm(data, coalition=meeting.coalition, instance=meeting))
    meetings.meeting_update(meeting=meeting, actor=request.user, **cleaned)
    return _meeting(meeting.pk)


@router.post(M + "/cancel", response={200: MeetingDetailOut, **ERRORS}, auth=SIGNED_IN)
def cancel_meeting(request: HttpRequest, slug: str, pk: int, payload: CancelIn):
    """Cancel a meeting with a reason (coordinators); invitees get a cancelled .ics."""
    meeting = _coordinated_meeting(request, slug, pk)
    data = valid(MeetingCancelForm(payload.dict()))
    meetings.meeting_cancel(meeting=meeting, actor=request.user, reason=data["reason"])
    return _meeting(meeting.pk)


# --- The agenda.

TARGETS = {"motion": Motion, "statement": Statement, "campaign": Campaign}


def _target(sent: dict) -> tuple[str, str]:
    """(field, the web form's `target` value) for an item about a motion (by id), a statement
    or a campaign (by slug); the form then checks that it is one of the coalition's own."""
    given = [(name, sent[name]) for name in TARGETS if sent.get(name) is not None]
    if len(given) > 1:
        # Input, not the agenda's state: a 422 about the body as a whole (errors.py).
        message = _("Link an item to one motion, statement or campaign at most.")
        raise ValidationError({NON_FIELD_ERRORS: [message]})
    if not given:
        return "target", ""
    name, value = given[0]
    pk = value
    if name != "motion":
        pk = TARGETS[name].objects.filter(slug=value).values_list("pk", flat=True).first()
        if pk is None:
            raise ValidationError({name: _("There is no such %(kind)s.") % {"kind": name}})
    return name, f"{name}:{pk}"


def _agenda_data(form: AgendaItemForm, field: str) -> dict:
    """The form's cleaned data, its refusal of `target` named after the field sent."""
    if not form.is_valid():
        errors = form.errors.as_data()
        if "target" in errors:
            errors[field] = errors.pop("target")
        raise ValidationError(errors)
    return form.cleaned_data


@router.post(M + "/agenda", response={201: AgendaItemOut, **ERRORS}, auth=SIGNED_IN)
def add_agenda_item(request: HttpRequest, slug: str, pk: int, payload: AgendaItemIn):
    """Add an item at the end of the agenda, optionally about one of the coalition's own
    motions, statements or campaigns (coordinators)."""
    meeting = _coordinated_meeting(request, slug, pk)
    field, target = _target(payload.dict())
    form = AgendaItemForm({"title": payload.title, "target": target}, coalition=meeting.coalition)
    item = agenda.agenda_add(meeting=meeting, actor=request.user, **_agenda_data(form, field))
    return Status(201, agenda_of(meeting).get(pk=item.pk))


def _agenda_item(request: HttpRequest, slug: str, pk: int, item_id: int) -> AgendaItem:
    return get_agenda_item_for_coordinator(request, slug, pk, item_id)


@router.patch(M + "/agenda/{int:item_id}", response={200: AgendaItemOut, **ERRORS}, auth=SIGNED_IN)
def update_agenda_item(
    request: HttpRequest, slug: str, pk: int, item_id: int, payload: AgendaItemPatch
):
    """Retitle an item or change what it is about (coordinators)."""
    item = _agenda_item(request, slug, pk, item_id)
    meeting = item.meeting
    form = AgendaItemForm(coalition=meeting.coalition, instance=item)
    sent = payload.dict(exclude_unset=True)
    field, target = "target", form.initial["target"]
    if TARGETS.keys() & sent.keys():
        field, target = _target(sent)
    data = {"title": sent.get("title", item.title), "target": target}
    form = AgendaItemForm(data, coalition=meeting.coalition, instance=item)
    agenda.agenda_update(item=item, actor=request.user, **_agenda_data(form, field))
    return agenda_of(meeting).get(pk=item.pk)


@router.post(
    M + "/agenda/{int:item_id}/move",
    response={200: list[AgendaItemOut], **ERRORS},
    auth=SIGNED_IN,
)
def move_agenda_item(request: HttpRequest, slug: str, pk: int, item_id: int, payload: MoveIn):
    """Move an item to a position; answers the whole agenda in its new order (coordinators)."""
    item = _agenda_item(request, slug, pk, item_id)
    data = valid(AgendaMoveForm(payload.dict()))
    agenda.agenda_move(item=item, actor=request.user, position=data["position"])
    return agenda_of(item.meeting)


@router.delete(M + "/agenda/{int:item_id}", response={204: None, **ERRORS}, auth=SIGNED_IN)
def remove_agenda_item(request: HttpRequest, slug: str, pk: int, item_id: int):
    """Remove an item; the items after it move up (coordinators)."""
    item = _agenda_item(request, slug, pk, item_id)
    agenda.agenda_remove(item=item, actor=request.user)
    return Status(204, None)


# --- Attendance.


@router.patch(M + "/attendance", response={200: list[AttendanceOut], **ERRORS}, auth=SIGNED_IN)
def record_attendance(request: HttpRequest, slug: str, pk: int, payload: AttendanceIn):
    """Record the invited organizations' attendance (coordinators)."""
    meeting = _coordinated_meeting(request, slug, pk)
    invited = list(meeting.invited.order_by("name"))
    _unknown_organizations(
        payload.attendance,
        {o.slug: o for o in invited},
        "attendance",
        _("This organization is not invited to the meeting."),
    )
    current = dict(meeting.attendance.values_list("organization_id", "status"))
    form = AttendanceForm(
        _per_organization_data(payload.attendance, invited, current),
        organizations=invited,
        current=current,
    )
    if not form.is_valid():
        raise _per_organization_invalid(form, "attendance", invited)
    minutes.attendance_record(meeting=meeting, actor=request.user, statuses=form.statuses())
    return meeting.attendance.select_related("organization").order_by("organization__slug")


# --- Minutes.


def _versions(meeting: Meeting):
    return (
        MinutesVersion.objects.filter(meeting=meeting)
        .select_related("meeting", "author")
        .prefetch_related(Prefetch("approval_motions", queryset=Motion.objects.only("pk")))
        .order_by("number")
    )


@router.get(M + "/minutes", response={200: list[MinutesOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_minutes(request: HttpRequest, slug: str, pk: int):
    """Every version of the minutes, oldest first, and which one is approved (members)."""
    meeting, _coordinating = get_meeting_for_user(request, slug, pk)
    return _versions(meeting)


@router.post(M + "/minutes", response={201: MinutesOut, **ERRORS}, auth=SIGNED_IN)
def save_minutes(request: HttpRequest, slug: str, pk: int, payload: MinutesIn):
    """Save the minutes as a new version (coordinators); earlier versions stay as they were."""
    meeting = _coordinated_meeting(request, slug, pk)
    data = valid(MinutesForm(payload.dict()))
    version = minutes.minutes_save(meeting=meeting, actor=request.user, text=data["text"])
    return Status(201, _versions(meeting).get(pk=version.pk))


@router.post(
    M + "/minutes/{int:number}/approve", response={200: MinutesOut, **ERRORS}, auth=SIGNED_IN
)
def approve_minutes(request: HttpRequest, slug: str, pk: int, number: int):
    """Mark a version of the minutes approved (coordinators)."""
    meeting = _coordinated_meeting(request, slug, pk)
    version = get_object_or_404(MinutesVersion, meeting=meeting, number=number)
    minutes.minutes_approve(version=version, actor=request.user)
    return _versions(meeting).get(pk=version.pk)
