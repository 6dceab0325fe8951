"""The JSON shapes of meetings, minutes and the action plan in the API; the rules stay in
caucus/decisions' forms and services."""

import datetime as dt
from typing import Annotated, Any

from django.urls import reverse
from ninja import Field, Schema

from caucus.api.schemas import (
    Fold,
    In,
    LocalDateTime,
    RequiredText,
    Text,
    TimeZone,
    choice,
    request_of,
    required_text,
)
from caucus.decisions.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MinutesVersion,
)
from caucus.lib.urls import absolute_url

# Ids are bounded (ge=1, le=2**63 - 1) so that no lookup can overflow a database integer.


# --- Meetings.


def _orgs(organizations) -> list[dict]:
    return [{"slug": o.slug, "name": o.name} for o in sorted(organizations, key=lambda o: o.name)]


class OrganizationName(Schema):
    slug: str
    name: str


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    motion: int | None = Field(None, alias="motion_id", description="The motion's id.")
    statement: str | None = Field(None, description="The statement's slug.")
    campaign: str | None = Field(None, description="The campaign's slug.")
    link: str = Field(description="An older item's pasted link; new items never have one.")

    @staticmethod
    def resolve_statement(obj: AgendaItem) -> str | None:
        return obj.statement.slug if obj.statement_id else None

    @staticmethod
    def resolve_campaign(obj: AgendaItem) -> str | None:
        return obj.campaign.slug if obj.campaign_id else None


class AttendanceOut(Schema):
    organization: str = Field(alias="organization.slug")
    status: str


class MinutesSummaryOut(Schema):
    number: int
    created: dt.datetime
    approved: bool

    @staticmethod
    def resolve_approved(obj: MinutesVersion) -> bool:
        return obj.meeting.approved_minutes_id == obj.pk


class MeetingOut(Schema):
    """Every field, the place and the online link included, is for members only."""

    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    local_start: str = Field(description="The start as wall-clock time in the meeting's zone.")
    local_end: str
    place: str
    online_link: str
    invited: list[OrganizationName]
    approved_minutes: int | None = Field(description="The number of the approved version.")
    sequence: int = Field(description="The .ics SEQUENCE: it rises with every notified change.")
    original_starts_at: dt.datetime | None = Field(description="Set once it is rescheduled.")
    rescheduled_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    url: str
    ics: str

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> dt.datetime:
        return obj.starts_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_ends_at(obj: Meeting) -> dt.datetime:
        return obj.ends_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_local_start(obj: Meeting) -> str:
        return obj.local_start().isoformat()

    @staticmethod
    def resolve_local_end(obj: Meeting) -> str:
        return obj.local_end().isoformat()

    @staticmethod
    def resolve_invited(obj: Meeting) -> list[dict]:
        return _orgs(obj.invited.all())

    @staticmethod
    def resolve_approved_minutes(obj: Meeting) -> int | None:
        return obj.approved_minutes.number if obj.approved_minutes is not None else None

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return absolute_url(obj.get_absolute_url())

    @staticmethod
    def resolve_ics(obj: Meeting) -> str:
        url = reverse("decisions:meeting_ics", args=[obj.coalition.slug, obj.pk])
        return absolute_url(url)


def agenda_of(meeting: Meeting):
    return meeting.agenda.select_related("statement", "campaign").order_by("position")


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    minutes: list[MinutesSummaryOut]
    motions: list[int]
    actions: list[int]

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list:
        return list(agenda_of(obj))

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list:
        return list(obj.attendance.select_related("organization").order_by("organization__slug"))

    @staticmethod
    def resolve_minutes(obj: Meeting) -> list:
        return list(obj.minutes.select_related("meeting").order_by("number"))

    @staticmethod
    def resolve_motions(obj: Meeting) -> list[int]:
        return list(obj.motions.order_by("pk").values_list("pk", flat=True))

    @staticmethod
    def resolve_actions(obj: Meeting) -> list[int]:
        return list(obj.actions.order_by("pk").values_list("pk", flat=True))


# A wall-clock time the clocks skip is refused; one that happens twice (the clocks go back)
# is refused unless its `*_fold` field says which: "0" the first, "1" the second.
FOLD_HELP = 'Which of two repeated local times is meant: "0" the first, "1" the second.'


class MeetingIn(In):
    """Times are the wall clock in `time_zone` ("2031-03-04T18:00")."""

    title: required_text(200)
    starts: LocalDateTime
    ends: LocalDateTime
    starts_fold: Fold = Field("", description=FOLD_HELP)
    ends_fold: Fold = Field("", description=FOLD_HELP)
    time_zone: TimeZone = "UTC"
    place: Text = Field("", max_length=300)
    online_link: Text = ""
    invited: list[Text] | None = Field(
        None,
        max_length=1000,
        description="Slugs of active member organizations; every active member when omitted.",
    )
    # Each item's length is the form's to refuse ("Keep each agenda item under 300 characters").
    agenda: list[Annotated[Text, Field(json_schema_extra={"maxLength": 300})]] = Field(
        [], max_length=200, description="Agenda items, in order; blank ones are dropped."
    )


class MeetingPatch(In):
    """Edit or reschedule: only the fields sent change (`null` is refused). A new time is the
    wall clock in `time_zone` (or the meeting's zone); changing only the zone keeps the wall
    clock, so the meeting moves. Invitees hear of a new time, zone, place, link or invitees."""

    title: required_text(200) = Field(default=None)
    starts: LocalDateTime = Field(default=None)
    ends: LocalDateTime = Field(default=None)
    starts_fold: Fold = Field(default=None, description=FOLD_HELP)
    ends_fold: Fold = Field(default=None, description=FOLD_HELP)
    time_zone: TimeZone = Field(default=None)
    place: Text = Field(default=None, max_length=300)
    online_link: Text = Field(default=None)
    invited: list[Text] = Field(default=None, max_length=1000)


class CancelIn(In):
    reason: RequiredText = Field(description="Sent to the invited organizations.")


class AgendaItemIn(In):
    """What the item is about: at most one of the coalition's own motions, statements or
    campaigns."""

    title: required_text(300)
    motion: int | None = Field(None, ge=1, le=2**63 - 1, description="A motion's id.")
    statement: Text | None = Field(None, description="A statement's slug.")
    campaign: Text | None = Field(None, description="A campaign's slug.")


class AgendaItemPatch(In):
    """Only the fields sent change. Sending any of motion, statement or campaign replaces
    what the item is about (all three null: nothing)."""

    title: required_text(300) = Field(default=None)
    motion: int | None = Field(None, ge=1, le=2**63 - 1)
    statement: Text | None = None
    campaign: Text | None = None


class MoveIn(In):
    position: int = Field(
        ge=1, le=1000, description="1 is first; the items in between shift by one."
    )


class AttendanceIn(In):
    attendance: dict[str, choice("AttendanceOrBlank", ["", *AttendanceStatus.values])] = Field(
        max_length=1000,
        description='Organization slug → "present", "apologies", "absent", or "" to clear. '
        "Organizations left out keep what they had.",
    )


# --- Minutes.


class MinutesOut(MinutesSummaryOut):
    text: str
    text_html: str
    author: str | None
    approval_motions: list[int] = Field(description="Motions that would approve this version.")

    @staticmethod
    def resolve_author(obj: MinutesVersion) -> str | None:
        return str(obj.author) if obj.author is not None else None

    @staticmethod
    def resolve_approval_motions(obj: MinutesVersion) -> list[int]:
        return sorted(m.pk for m in obj.approval_motions.all())


class MinutesIn(In):
    text: RequiredText


# --- The joint action plan.


class ActionOut(Schema):
    id: int
    text: str
    responsible: list[OrganizationName]
    due: dt.date | None
    status: str
    meeting: int | None = Field(None, alias="meeting_id")
    updated: dt.datetime
    can_update: bool = Field(description="Whether the caller may change the status.")

    @staticmethod
    def resolve_responsible(obj: ActionItem) -> list[dict]:
        return _orgs(obj.responsible.all())

    @staticmethod
    def resolve_can_update(obj: ActionItem, context: Any) -> bool:
        """From the caller's scope, read once per request: (their organizations' ids,
        whether they coordinate); see caucus.decisions.permissions.get_action_for_user."""
        request = request_of(context)
        mine, coordinating = getattr(request, "caucus_action_scope", (set(), False))
        return coordinating or any(o.pk in mine for o in obj.responsible.all())


class ActionIn(In):
    text: required_text(500)
    responsible: list[RequiredText] = Field(
        min_length=1, max_length=1000, description="Organization slugs."
    )
    due: Text | None = Field(None, description="A date, e.g. 2031-03-04.")
    meeting: int | None = Field(None, ge=1, le=2**63 - 1, description="The meeting's id.")


class ActionStatusIn(In):
    status: choice("ActionStatus", ActionStatus.values)
