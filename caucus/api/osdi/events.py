"""OsdiEvents (a campaign's local actions and organizations' own) and their attendances (RSVPs),
in OSDI's shape.

Anyone reads the listed events of public coalitions and organizations, with the address only
where caucus/campaigns/visibility.py lets it through, and `total_accepted` only where the
event page shows the count (the organizers chose to, or there is a capacity). OsdiAttendances are
people: only the event's organizers (a member of its organization or a coordinator of its
coalition, with a second factor) read them, with each person's name, email and state.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.osdi.hal import OsdiCollection, OsdiCollectionQuery, collection, href, when
from caucus.api.osdi.petitions import OsdiPerson
from caucus.api.schemas import ERRORS
from caucus.campaigns import rsvps
from caucus.campaigns.models import Event, EventStatus, Rsvp, RsvpState
from caucus.campaigns.visibility import address_for, in_scope, is_organizer, organizer_scope
from caucus.lib.urls import absolute_url
from caucus.organizations.permissions import require_mfa

router = Router(tags=["osdi"])
# OSDI knows confirmed, tentative and cancelled; Caucus's own status is beside it.
STATUS = {
    EventStatus.CONFIRMED: "confirmed",
    EventStatus.TENTATIVE: "tentative",
    EventStatus.CANCELLED: "cancelled",
    EventStatus.POSTPONED: "tentative",
    EventStatus.ONLINE: "confirmed",
}
ATTENDANCE_STATUS = {
    RsvpState.PENDING: "needs action",
    RsvpState.CONFIRMED: "accepted",
    RsvpState.CANCELLED: "declined",
}


class OsdiCoordinates(Schema):
    latitude: float | None
    longitude: float | None


class OsdiLocation(Schema):
    venue: str
    address_lines: list[str] = Field(description="Empty unless the caller may read it.")
    locality: str
    country: str
    location: OsdiCoordinates


class OsdiEventOut(Schema):
    identifiers: list[str]
    origin_system: str
    created_date: str
    modified_date: str
    title: str
    description: str = Field(description="Markdown.")
    browser_url: str
    type: str = Field(description="open (Caucus events take RSVPs) or unticketed.")
    status: str = Field(description="confirmed, tentative or cancelled (OSDI's words).")
    caucus_status: str = Field(description="Caucus's own status, one of EventStatus.")
    start_date: str = Field(description="UTC.")
    end_date: str = Field(description="UTC.")
    time_zone: str = Field(description="The place's IANA zone (not in OSDI).")
    capacity: int | None
    total_accepted: int | None = Field(
        description="Confirmed RSVPs, where the event page shows them; else null."
    )
    visibility: str
    location: OsdiLocation
    links: dict[str, Any] = Field(alias="_links")


class OsdiAttendanceOut(Schema):
    identifiers: list[str]
    origin_system: str
    created_date: str
    modified_date: str
    status: str = Field(description="accepted, declined or needs action.")
    person: OsdiPerson
    links: dict[str, Any] = Field(alias="_links")


class OsdiEvents(OsdiCollection):
    embedded: dict[str, list[OsdiEventOut]] = Field(alias="_embedded")


class OsdiAttendances(OsdiCollection):
    embedded: dict[str, list[OsdiAttendanceOut]] = Field(alias="_embedded")


def public_events() -> QuerySet[Event]:
    return (
        Event.objects.listed()
        .filter(Q(campaign=None) | Q(campaign__coalition__is_public=True))
        .select_related("campaign__coalition", "organization")
        .annotate(modified_date=F("updated"))
    )


def _event_or_404(uid: str) -> Event:
    try:
        key = uuid.UUID(uid)
    except ValueError:
        raise Http404 from None
    event = public_events().filter(uid=key).first()
    if event is None:
        raise Http404
    return event


def _event_path(event: Event) -> str:
    return reverse("api:osdi_event", kwargs={"uid": str(event.uid)})


def event_resource(request: HttpRequest, event: Event, organizer: bool) -> dict[str, Any]:
    shown = event.show_attendees or event.capacity is not None or organizer
    address = address_for(event, organizer=organizer)
    path = _event_path(event)
    links = {"self": href(path)}
    if organizer:
        links["osdi:attendances"] = href(f"{path}/attendances")
    return {
        "identifiers": [f"caucus:{event.uid}"],
        "origin_system": "Caucus",
        "created_date": event.created.isoformat(),
        "modified_date": event.updated.isoformat(),
        "title": event.title,
        "description": event.description,
        "browser_url": absolute_url(event.get_absolute_url()),
        "type": "open",
        "status": STATUS.get(event.status, "confirmed"),
        "caucus_status": event.status,
        "start_date": event.starts_at.isoformat(),
        "end_date": event.ends_at.isoformat(),
        "time_zone": event.time_zone,
        "capacity": event.capacity,
        "total_accepted": rsvps.confirmed_count(event) if shown else None,
        "visibility": "public",
        "location": {
            "venue": event.venue,
            "address_lines": [address] if address else [],
            "locality": event.city,
            "country": event.country,
            "location": {"latitude": event.latitude, "longitude": event.longitude},
        },
        "_links": links,
    }


@router.get("/events", response={200: OsdiEvents, **ERRORS}, auth=ANYONE, by_alias=True)
def list_events(request: HttpRequest, query: Query[OsdiCollectionQuery]):
    """Listed events of public coalitions' campaigns and of organizations, soonest first."""
    scope = organizer_scope(request.user)
    rows = public_events().order_by("starts_at", "id")

    def serialize(page: Iterable[Event]) -> list[dict]:
        return [event_resource(request, e, in_scope(e, scope)) for e in page]

    return collection(request, "osdi:events", rows, query, serialize)


@router.get(
    "/events/{uid}",
    response={200: OsdiEventOut, **ERRORS},
    auth=ANYONE,
    by_alias=True,
    url_name="osdi_event",
)
def get_event(request: HttpRequest, uid: str):
    event = _event_or_404(uid)
    return event_resource(request, event, is_organizer(request.user, event))


def _attendance(request: HttpRequest, rsvp: Rsvp, event_path: str) -> dict[str, Any]:
    return {
        "identifiers": [f"caucus:rsvp-{rsvp.pk}"],
        "origin_system": "Caucus",
        "created_date": rsvp.created.isoformat(),
        "modified_date": when(rsvp.modified_date),  # type: ignore[attr-defined]
        "status": ATTENDANCE_STATUS.get(rsvp.state, "needs action"),
        "person": {
            "given_name": rsvp.name,
            "family_name": "",
            "postal_addresses": [],
            "email_addresses": [{"address": rsvp.email, "primary": True}],
        },
        "_links": {
            "self": href(f"{event_path}/attendances/{rsvp.pk}"),
            "osdi:event": href(event_path),
        },
    }


def _attendances_for(request: HttpRequest, uid: str) -> tuple[Event, QuerySet[Rsvp]]:
    event = _event_or_404(uid)
    if not request.user.is_authenticated:
        raise AuthenticationError(401, _("Only the event's organizers can read its attendances."))
    if not is_organizer(request.user, event):
        raise PermissionDenied(_("Only the event's organizers can read its attendances."))
    require_mfa(request.user)
    rows = event.rsvps.annotate(
        modified_date=Coalesce("cancelled_at", "confirmed_at", "created")
    ).order_by("id")
    return event, rows


@router.get(
    "/events/{uid}/attendances",
    response={200: OsdiAttendances, **ERRORS},
    auth=SIGNED_IN,
    by_alias=True,
)
def list_attendances(request: HttpRequest, uid: str, query: Query[OsdiCollectionQuery]):
    """RSVPs to the event, oldest first (its organizers only)."""
    event, rows = _attendances_for(request, uid)
    path = _event_path(event)

    def serialize(page: Iterable[Rsvp]) -> list[dict]:
        return [_attendance(request, r, path) for r in page]

    return collection(request, "osdi:attendances", rows, query, serialize)


@router.get(
    "/events/{uid}/attendances/{pk}",
    response={200: OsdiAttendanceOut, **ERRORS},
    auth=SIGNED_IN,
    by_alias=True,
)
def get_attendance(request: HttpRequest, uid: str, pk: int):
    event, rows = _attendances_for(request, uid)
    rsvp = rows.filter(pk=pk).first() if 0 < pk < 2**62 else None
    if rsvp is None:
        raise Http404
    return _attendance(request, rsvp, _event_path(event))
