"""The JSON shapes of the campaigns API's events, photos, RSVPs and outside hosts' proposals.

A private address reaches a response only through caucus/campaigns/visibility.py.
"""

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Field, Schema
from pydantic import field_validator

from caucus.api.schemas import (
    ISO_DATE,
    NOT_BLANK_TEXT,
    Country,
    Fold,
    In,
    LocalDateTime,
    Text,
    TimeZoneOrBlank,
    choice,
    request_of,
    required_text,
)
from caucus.campaigns import rsvps
from caucus.campaigns.models import (
    AddressVisibility,
    Approval,
    Event,
    EventKind,
    EventPhoto,
    EventStatus,
    Rsvp,
)
from caucus.campaigns.visibility import address_for, in_scope, is_organizer
from caucus.lib.urls import absolute_url


class EventOut(Schema):
    uid: str
    title: str
    kind: str
    status: str
    status_note: str
    campaign: str | None
    organization: str | None
    organizer: str
    day_of_action: int | None = Field(None, alias="day_of_action_id")
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    local_start: str
    local_end: str
    city: str
    country: str
    latitude: float | None
    longitude: float | None
    venue: str
    address: str = Field(description='"" unless the caller may read it.')
    address_visibility: str
    online_url: str
    capacity: int | None
    signup_url: str
    sequence: int
    updated: dt.datetime
    url: str
    ics: str
    show_attendees: bool = Field(
        description="Whether the organizers show how many have confirmed they are coming."
    )
    distance_km: float | None = Field(
        None, description="With `near`: from that point to the action's city."
    )

    @staticmethod
    def resolve_uid(obj: Event) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_distance_km(obj: Event) -> float | None:
        distance = getattr(obj, "distance_km", None)
        return round(distance, 1) if distance is not None else None

    @staticmethod
    def resolve_campaign(obj: Event) -> str | None:
        return obj.campaign.slug if obj.campaign_id else None

    @staticmethod
    def resolve_organization(obj: Event) -> str | None:
        return obj.organization.slug if obj.organization_id else None

    @staticmethod
    def resolve_organizer(obj: Event) -> str:
        return obj.organizer_name

    @staticmethod
    def resolve_local_start(obj: Event) -> str:
        return obj.local_start.isoformat()

    @staticmethod
    def resolve_local_end(obj: Event) -> str:
        return obj.local_end.isoformat()

    @staticmethod
    def resolve_address(obj: Event, context: Any) -> str:
        request = request_of(context)
        if request is None:
            return address_for(obj)
        scope = getattr(request, "caucus_organizer_scope", None)
        if scope is not None:
            return address_for(obj, organizer=in_scope(obj, scope))
        return address_for(obj, user=request.user)

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return absolute_url(obj.get_absolute_url())

    @staticmethod
    def resolve_ics(obj: Event) -> str:
        return absolute_url(reverse("campaigns:event_ics", args=[obj.uid]))


class PhotoOut(Schema):
    id: int
    url: str
    caption: str
    created: dt.datetime

    @staticmethod
    def resolve_url(obj: EventPhoto) -> str:
        return absolute_url(obj.image.url)


class EventDetailOut(EventOut):
    description: str
    description_html: str
    report: str = Field(description="The after-event report as written (Markdown).")
    report_html: str
    attendance: int | None
    confirmed_rsvps: int | None = Field(
        description="How many confirmed they are coming: when the organizers show it "
        "(show_attendees), when the event has a capacity, or to its organizers; else null."
    )
    approval: str | None = Field(None, description="Shown to the organizers only.")
    photos: list[PhotoOut] = Field(description="The report's photos, metadata stripped.")

    @staticmethod
    def resolve_confirmed_rsvps(obj: Event, context: Any) -> int | None:
        request = request_of(context)
        if (
            obj.show_attendees
            or obj.capacity is not None
            or (request is not None and is_organizer(request.user, obj))
        ):
            return rsvps.confirmed_count(obj)
        return None

    @staticmethod
    def resolve_approval(obj: Event, context: Any) -> str | None:
        request = request_of(context)
        if request is not None and is_organizer(request.user, obj):
            return obj.approval
        return None

    @staticmethod
    def resolve_photos(obj: Event) -> list[EventPhoto]:
        return list(obj.photos.order_by("created", "id"))


class ProposalOut(EventOut):
    approval: str
    review_note: str
    host_name: str
    host_message: str


class EventIn(In):
    """Times are the place's wall clock ("2031-03-04T18:00"); the zone comes from the city
    unless `time_zone` names one. `start_fold`/`end_fold` ("0" or "1") pick one of a time
    that happens twice when the clocks go back."""

    title: required_text(200)
    kind: choice("EventKind", EventKind.values)
    description: Text = ""
    day_of_action: int | None = None
    city: required_text(120)
    country: Country
    time_zone: TimeZoneOrBlank = ""
    start: LocalDateTime
    start_fold: Fold = ""
    end: LocalDateTime
    end_fold: Fold = ""
    allow_outside_dates: bool = False
    venue: Text = Field("", max_length=200)
    address: Text = ""
    address_visibility: choice("AddressVisibility", AddressVisibility.values) = "public"
    latitude: float | None = Field(None, description="Ignored: an action's point is its city's.")
    longitude: float | None = Field(None, description="Ignored, as latitude.")
    online_url: str = ""
    capacity: int | None = None
    show_attendees: bool = False
    signup_url: str = ""


class EventReplace(EventIn):
    """A PUT replaces the whole event: every field it stores is required, so leaving one out
    is a 422 naming it rather than a blank (the ignored point and the folds may be left out)."""

    description: Text
    day_of_action: int | None
    time_zone: TimeZoneOrBlank
    venue: Text = Field(max_length=200)
    address: Text
    address_visibility: choice("AddressVisibility", AddressVisibility.values)
    online_url: str
    capacity: int | None
    show_attendees: bool
    signup_url: str


class EventPatch(In):
    """Only the fields sent change; `null` is refused where the field takes no null."""

    title: required_text(200) = Field(default=None)
    kind: choice("EventKind", EventKind.values) = Field(default=None)
    description: Text = Field(default=None)
    day_of_action: int | None = None
    city: required_text(120) = Field(default=None)
    country: Country = Field(default=None)
    time_zone: TimeZoneOrBlank = Field(default=None)
    start: LocalDateTime = Field(default=None)
    start_fold: Fold = Field(default=None)
    end: LocalDateTime = Field(default=None)
    end_fold: Fold = Field(default=None)
    allow_outside_dates: bool = Field(default=None)
    venue: Text = Field(default=None, max_length=200)
    address: Text = Field(default=None)
    address_visibility: choice("AddressVisibility", AddressVisibility.values) = Field(default=None)
    online_url: str = Field(default=None)
    capacity: int | None = None
    show_attendees: bool = Field(default=None)
    signup_url: str = Field(default=None)


class RegisterIn(EventIn):
    organization: str = Field(max_length=60, description="The slug of your organization.")


def _host_fields_required(schema: dict) -> None:
    schema["required"] = [*schema.get("required", []), "host_name", "host_contact"]


class HostIn(EventIn):
    """The host's name and contact are required; the form checks them, with its own words,
    together with the rest of the action."""

    model_config = {"json_schema_extra": _host_fields_required}

    host_name: Text = Field(
        "",
        max_length=200,
        description="The host organization.",
        json_schema_extra={"minLength": 1, "pattern": NOT_BLANK_TEXT},
    )
    host_contact: str = Field(
        "",
        max_length=254,
        description="An email address, never shown.",
        json_schema_extra={"minLength": 3, "format": "email"},
    )
    host_message: Text = Field("", max_length=2000)


class StatusIn(In):
    status: choice("EventStatus", EventStatus.values)
    note: Text = Field("", max_length=500)


class ReportIn(In):
    report: required_text(20_000)
    attendance: int | None = Field(None, ge=0, le=100_000_000)


class HostReviewIn(In):
    """Asking for more information needs a note saying what."""

    model_config = {
        "json_schema_extra": {
            "if": {"properties": {"decision": {"const": Approval.NEEDS_INFO.value}}},
            "then": {
                "required": ["note"],
                "properties": {"note": {"type": "string", "pattern": NOT_BLANK_TEXT}},
            },
        }
    }

    decision: choice("HostDecision", [v for v in Approval.values if v != Approval.PENDING])
    note: Text = Field("", max_length=500)


class RsvpIn(In):
    name: Text = Field(min_length=1, max_length=120)
    email: str = Field(min_length=3, max_length=254, json_schema_extra={"format": "email"})


class HostContactOut(Schema):
    host_contact: str = Field(description="The host's email; each reading is audit-logged.")


class RsvpOut(Schema):
    """A person's own RSVP, read through the link emailed to them."""

    state: str
    name: str
    created: dt.datetime
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    event: EventOut
    address: str = Field(
        description="The event's address when this RSVP may read it: a public one, or one "
        "kept for confirmed RSVPs once this one is confirmed."
    )

    @staticmethod
    def resolve_address(obj: Rsvp) -> str:
        return address_for(obj.event, rsvp=obj)


class EventQuery(Schema):
    day: int | None = Field(None, ge=1, le=2**62)
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=120)
    kind: str = Field("", max_length=10)
    org: str = Field("", max_length=60)
    date: dt.date | None = Field(None, description="YYYY-MM-DD.")
    near: str = Field(
        "",
        max_length=120,
        description="A city of the shipped list: upcoming actions nearest it first, each "
        "with distance_km (measured between cities, never to a venue).",
    )
    near_country: str = Field(
        "", max_length=2, description="The country of `near` (ISO alpha-2), for a shared name."
    )
    near_lat: float | None = Field(None, ge=-90, le=90, description="Instead of `near`.")
    near_lon: float | None = Field(None, ge=-180, le=180, description="With `near_lat`.")
    radius_km: float | None = Field(
        None, gt=0, le=20_100, description="With `near`: only places this close."
    )

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # pydantic would read "0" as 1970-01-01 (seconds since the epoch).
        if isinstance(value, str) and value and not ISO_DATE.fullmatch(value):
            raise ValueError("Give a date as YYYY-MM-DD.")
        return value
