"""Decisions in the API: meetings (agenda, attendance, minutes), the joint action plan,
motions, opening votes and their weights, ballots with receipts, ledgers and verification.

Input is bound to the web's own forms (caucus/decisions/forms.py) and goes through the same
guards (caucus/decisions/permissions.py) and services, so a meeting scheduled here is the
meeting scheduled in the browser. Everything is for members of the coalition; coordinators
run meetings and votes; responsible organizations update their actions.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.decisions_schemas import (
    ActionIn,
    ActionOut,
    ActionStatusIn,
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AttendanceIn,
    AttendanceOut,
    BallotIn,
    CancelIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MinutesIn,
    MinutesOut,
    MotionIn,
    MotionOut,
    MoveIn,
    ReceiptLookupOut,
    ReceiptOut,
    VerifyOut,
    VoteIn,
    VoteOut,
    WeightOut,
    WeightsIn,
    agenda_of,
    motion_out,
    vote_out,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.campaigns.models import Campaign
from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions import disclosure, ledger, services
from caucus.decisions.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AgendaMoveForm,
    AttendanceForm,
    BallotForm,
    MeetingCancelForm,
    MeetingForm,
    MinutesForm,
    MotionForm,
    VoteForm,
    WeightsForm,
)
from caucus.decisions.models import (
    ActionItem,
    AgendaItem,
    Meeting,
    MinutesVersion,
    Motion,
    VotingWeight,
)
from caucus.decisions.permissions import (
    get_action_for_user,
    get_agenda_item_for_coordinator,
    get_meeting_for_user,
    get_motion_for_user,
    get_vote_for_user,
    member_organizations,
    require_coordinator,
    voting_organizations,
)
from caucus.organizations.models import Organization
from caucus.organizations.permissions import require_mfa
from caucus.statements.models import Statement

router = Router(tags=["decisions"])
C = "/coalitions/{slug:slug}"
M = C + "/meetings/{int:pk}"


# --- The web's forms, with organizations named by slug as everywhere else in the API.


class _MotionApiForm(MotionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].to_field_name = "slug"
        self.fields["seconders"].to_field_name = "slug"


class _MeetingApiForm(MeetingForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].to_field_name = "slug"


class _ActionApiForm(ActionForm):
    """The web's form, plus the meeting the action was agreed at (one of the coalition's)."""

    def __init__(self, *args, coalition: Coalition, **kwargs):
        super().__init__(*args, coalition=coalition, **kwargs)
        self.fields["responsible"].to_field_name = "slug"
        self.fields["meeting"] = forms.ModelChoiceField(
            label=_("Meeting"), queryset=Meeting.objects.filter(coalition=coalition), required=False
        )


def _per_organization_invalid(form, key: str, organizations) -> SchemaError:
    """The refusal of a form with one field per organization (`org_<pk>`), as 422 errors at
    ["body", key, <slug>] so the caller sees which organization's value was wrong."""
    names = {f"org_{o.pk}": o.slug for o in organizations}
    errors = []
    for field, field_errors in form.errors.as_data().items():
        loc = ["body", key, names[field]] if field in names else ["body"]
        for error in field_errors:
            for message in error.messages:
                errors.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return SchemaError(errors)


def _unknown_organizations(sent, known: dict, key: str, message: str) -> None:
    unknown = [slug for slug in sent if slug not in known]
    if unknown:
        raise SchemaError(
            [{"loc": ["body", key, slug], "msg": message, "type": "invalid"} for slug in unknown]
        )


def _per_organization_data(sent: dict, organizations, current: dict, blank="") -> dict:
    """Form data for a partial update: stored values, with the sent ones (by slug) on top."""
    by_slug = {o.slug: o for o in organizations}
    data = {f"org_{o.pk}": current.get(o.pk, blank) for o in organizations}
    data.update({f"org_{by_slug[slug].pk}": value for slug, value in sent.items()})
    return data


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
    meeting = services.meeting_schedule(
        coalition=coalition,
        actor=request.user,
        title=cleaned["title"],
        starts=cleaned["starts"],
        ends=cleaned["ends"],
        starts_fold=cleaned["starts_fold"],
        ends_fold=cleaned["ends_fold"],
        time_zone=cleaned["time_zone"],
        place=cleaned["place"],
        online_link=cleaned["online_link"],
        invited=cleaned["invited"],
        agenda=cleaned["agenda"],
    )
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
    services.meeting_update(meeting=meeting, actor=request.user, **cleaned)
    return _meeting(meeting.pk)


@router.post(M + "/cancel", response={200: MeetingDetailOut, **ERRORS}, auth=SIGNED_IN)
def cancel_meeting(request: HttpRequest, slug: str, pk: int, payload: CancelIn):
    """Cancel a meeting with a reason (coordinators); invitees get a cancelled .ics."""
    meeting = _coordinated_meeting(request, slug, pk)
    data = valid(MeetingCancelForm(payload.dict()))
    services.meeting_cancel(meeting=meeting, actor=request.user, reason=data["reason"])
    return _meeting(meeting.pk)


# --- The agenda.

TARGETS = {"motion": Motion, "statement": Statement, "campaign": Campaign}


def _target(sent: dict) -> tuple[str, str]:
    """(field, the web form's `target` value) for an item about a motion (by id), a statement
    or a campaign (by slug); the form then checks that it is one of the coalition's own."""
    given = [(name, sent[name]) for name in TARGETS if sent.get(name) is not None]
    if len(given) > 1:
        raise ValidationError(_("Link an item to one motion, statement or campaign at most."))
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
    item = services.agenda_add(meeting=meeting, actor=request.user, **_agenda_data(form, field))
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
    services.agenda_update(item=item, actor=request.user, **_agenda_data(form, field))
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
    services.agenda_move(item=item, actor=request.user, position=data["position"])
    return agenda_of(item.meeting)


@router.delete(M + "/agenda/{int:item_id}", response={204: None, **ERRORS}, auth=SIGNED_IN)
def remove_agenda_item(request: HttpRequest, slug: str, pk: int, item_id: int):
    """Remove an item; the items after it move up (coordinators)."""
    item = _agenda_item(request, slug, pk, item_id)
    services.agenda_remove(item=item, actor=request.user)
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
    services.attendance_record(meeting=meeting, actor=request.user, statuses=form.statuses())
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
def list_minutes(request: HttpRequest, slug: str, pk: int):
    """Every version of the minutes, oldest first, and which one is approved (members)."""
    meeting, _coordinating = get_meeting_for_user(request, slug, pk)
    return _versions(meeting)


@router.post(M + "/minutes", response={201: MinutesOut, **ERRORS}, auth=SIGNED_IN)
def save_minutes(request: HttpRequest, slug: str, pk: int, payload: MinutesIn):
    """Save the minutes as a new version (coordinators); earlier versions stay as they were."""
    meeting = _coordinated_meeting(request, slug, pk)
    data = valid(MinutesForm(payload.dict()))
    version = services.minutes_save(meeting=meeting, actor=request.user, text=data["text"])
    return Status(201, _versions(meeting).get(pk=version.pk))


@router.post(
    M + "/minutes/{int:number}/approve", response={200: MinutesOut, **ERRORS}, auth=SIGNED_IN
)
def approve_minutes(request: HttpRequest, slug: str, pk: int, number: int):
    """Mark a version of the minutes approved (coordinators)."""
    meeting = _coordinated_meeting(request, slug, pk)
    version = get_object_or_404(MinutesVersion, meeting=meeting, number=number)
    services.minutes_approve(version=version, actor=request.user)
    return _versions(meeting).get(pk=version.pk)


# --- The joint action plan.


def _action_scope(request: HttpRequest, coordinating: bool) -> None:
    """Who may update which action, read once for the whole response (see ActionOut)."""
    mine = set(request.user.memberships.values_list("organization_id", flat=True))
    request.caucus_action_scope = (mine, coordinating)


def _actions(coalition: Coalition):
    return (
        ActionItem.objects.filter(coalition=coalition)
        .prefetch_related("responsible")
        .order_by("due", "pk")
    )


@router.get(C + "/actions", response={200: list[ActionOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_actions(request: HttpRequest, slug: str):
    """The coalition's joint action plan, by due date (members)."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    _action_scope(request, coordinating)
    return _actions(coalition)


@router.post(C + "/actions", response={201: ActionOut, **ERRORS}, auth=SIGNED_IN)
def create_action(request: HttpRequest, slug: str, payload: ActionIn):
    """Add an action to the plan (coordinators), with its responsible organizations."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    data = valid(_ActionApiForm(payload.dict(), coalition=coalition))
    action = services.action_create(coalition=coalition, actor=request.user, **data)
    _action_scope(request, coordinating)
    return Status(201, _actions(coalition).get(pk=action.pk))


@router.post(C + "/actions/{int:pk}/status", response={200: ActionOut, **ERRORS}, auth=SIGNED_IN)
def set_action_status(request: HttpRequest, slug: str, pk: int, payload: ActionStatusIn):
    """Planned, in_progress, done or dropped (coordinators and responsible organizations)."""
    action = get_action_for_user(request, slug, pk)
    data = valid(ActionStatusForm(payload.dict()))
    services.action_set_status(action=action, actor=request.user, status=data["status"])
    _action_scope(request, True)  # get_action_for_user let the caller through
    return _actions(action.coalition).get(pk=action.pk)


# --- Motions.


@router.get(C + "/motions", response={200: list[MotionOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_motions(request: HttpRequest, slug: str):
    """The coalition's motions, newest first (members), with their resolution numbers."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    motions = Motion.objects.filter(coalition=coalition).select_related("proposer", "vote")
    return [motion_out(m) for m in motions.prefetch_related("seconders")]


@router.get(C + "/motions/{int:pk}", response={200: MotionOut, **ERRORS}, auth=SIGNED_IN)
def get_motion(request: HttpRequest, slug: str, pk: int):
    """A motion (members); a vote past its closing time is closed first."""
    motion, _coordinating = get_motion_for_user(request, slug, pk)
    return motion_out(motion)


@router.post(C + "/motions", response={201: MotionOut, **ERRORS}, auth=SIGNED_IN)
def propose_motion(request: HttpRequest, slug: str, payload: MotionIn):
    """Propose a motion for an organization one belongs to (an active member)."""
    coalition, _coordinating = get_coalition_for_member(request, slug)
    organizations = member_organizations(request.user, coalition)
    if not organizations:
        raise PermissionDenied(_("Only delegates of member organizations propose motions."))
    data = valid(_MotionApiForm(payload.dict(), coalition=coalition, organizations=organizations))
    motion = services.motion_propose(coalition=coalition, actor=request.user, **data)
    return Status(201, motion_out(motion))


# --- Votes and their weights.


@router.post(C + "/motions/{int:pk}/vote", response={201: VoteOut, **ERRORS}, auth=SIGNED_IN)
def open_vote(request: HttpRequest, slug: str, pk: int, payload: VoteIn):
    """Put a motion to the vote (coordinators): the setup is fixed in a signed manifest."""
    motion, coordinating = get_motion_for_user(request, slug, pk)
    require_coordinator(coordinating)
    data = valid(VoteForm(payload.dict()))
    vote = services.vote_open(
        motion=motion,
        actor=request.user,
        rules=data["rules"],
        quorum_percent=data["quorum_percent"],
        threshold_percent=data["threshold_percent"],
        recorded=data["recorded"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
    )
    return Status(201, vote_out(vote))


def _weighed(request: HttpRequest, slug: str) -> tuple[Coalition, list[Organization], dict]:
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    members = coalition.active_members().order_by("organization__name")
    current = dict(
        VotingWeight.objects.filter(coalition=coalition).values_list("organization_id", "weight")
    )
    return coalition, [m.organization for m in members], current


def _weights_out(organizations, current: dict) -> list[dict]:
    return [
        {"organization": o.slug, "name": o.name, "weight": current.get(o.pk, 1)}
        for o in organizations
    ]


@router.get(C + "/weights", response={200: list[WeightOut], **ERRORS}, auth=SIGNED_IN)
def get_weights(request: HttpRequest, slug: str):
    """Each active member organization's ballot weight (coordinators); 1 unless set."""
    _coalition, organizations, current = _weighed(request, slug)
    return _weights_out(organizations, current)


@router.patch(C + "/weights", response={200: list[WeightOut], **ERRORS}, auth=SIGNED_IN)
def set_weights(request: HttpRequest, slug: str, payload: WeightsIn):
    """Set weights (coordinators); they apply to votes opened afterwards."""
    coalition, organizations, current = _weighed(request, slug)
    _unknown_organizations(
        payload.weights,
        {o.slug: o for o in organizations},
        "weights",
        _("This organization is not an active member of the coalition."),
    )
    data = _per_organization_data(payload.weights, organizations, current, blank=1)
    form = WeightsForm(data, organizations=organizations, current=current)
    if not form.is_valid():
        raise _per_organization_invalid(form, "weights", organizations)
    services.weights_set(coalition=coalition, actor=request.user, weights=form.weights())
    return _weights_out(organizations, form.weights())


@router.get(C + "/votes/{int:pk}", response={200: VoteOut, **ERRORS}, auth=SIGNED_IN)
def get_vote(request: HttpRequest, slug: str, pk: int):
    """A vote (members): its manifest, fingerprint and head; the result once closed."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    return vote_out(vote)


@router.get(C + "/votes/{int:pk}/ledger", response={200: dict, **ERRORS}, auth=SIGNED_IN)
def get_ledger(request: HttpRequest, slug: str, pk: int):
    """The ledger as on the download page (members)."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    organizations = voting_organizations(request.user, vote, services.manifest_of(vote))
    return disclosure.export(vote, organizations)


@router.get(C + "/votes/{int:pk}/verify", response={200: VerifyOut, **ERRORS}, auth=SIGNED_IN)
def verify(request: HttpRequest, slug: str, pk: int, since: str = ""):
    """Recompute the chain, signatures, last ballots and tally (members)."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    report = ledger.verify(vote, since=since.strip().lower()[:64])
    return {
        "ok": report.ok,
        "entries": report.entries,
        "head": report.head,
        "problems": report.problems,
    }


@router.get(
    C + "/votes/{int:pk}/receipts/{tracker}",
    response={200: ReceiptLookupOut, **ERRORS},
    auth=SIGNED_IN,
)
def look_up_receipt(request: HttpRequest, slug: str, pk: int, tracker: str):
    """Whether the ballot of a receipt (an entry hash, or its first 8 characters or more)
    is the one that counts, was replaced by a later ballot, or is no ballot (members; another
    organization's ballot only once a recorded vote has closed)."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    organizations = voting_organizations(request.user, vote, services.manifest_of(vote))
    found = disclosure.look_up(vote, tracker[:64], organizations)
    if found.entry is None:
        raise Http404(_("No entry of this ledger has this receipt."))
    mine = found.status in (disclosure.COUNTED, disclosure.REPLACED)
    return {
        "status": found.status,
        "height": found.entry.height,
        "kind": found.entry.kind,
        "entry_hash": found.entry.entry_hash,
        "organization": found.organization if mine else None,
        "choice": found.choice if mine else None,
        "replaced_by": found.replaced_by.entry_hash if found.replaced_by else None,
    }


@router.post(C + "/votes/{int:pk}/ballots", response={201: ReceiptOut, **ERRORS}, auth=SIGNED_IN)
def cast_ballot(request: HttpRequest, slug: str, pk: int, payload: BallotIn):
    """Cast or change the ballot of an organization one is a delegate of; returns the receipt."""
    vote, _coordinating = get_vote_for_user(request, slug, pk)
    require_mfa(request.user)
    manifest = services.manifest_of(vote)
    organizations = voting_organizations(request.user, vote, manifest)
    if not organizations:
        raise PermissionDenied(_("You are not a delegate of an organization eligible to vote."))
    data = valid(
        BallotForm(payload.dict(), organizations=organizations, options=manifest["options"])
    )
    entry = services.ballot_cast(
        vote=vote, organization=data["organization"], actor=request.user, choice=data["choice"]
    )
    return Status(201, {"tracker": entry.entry_hash, "height": entry.height})
