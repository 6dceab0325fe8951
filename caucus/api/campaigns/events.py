"""Local actions in the API: a campaign's listed events (filters and the near query), an
organization's, registering, editing, status and reports. Input is bound to the web's own
forms and goes through the same services and guards, so an event made here is the event made
in the browser; a private address reaches only the event's organizers
(caucus/campaigns/visibility.py).
"""

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.campaigns.common import near_origin, router, uid_or_404, valid_query
from caucus.api.campaigns.event_schemas import (
    EventDetailOut,
    EventIn,
    EventOut,
    EventPatch,
    EventQuery,
    EventReplace,
    RegisterIn,
    ReportIn,
    StatusIn,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.campaigns import services
from caucus.campaigns.event_forms import EventForm, ReportForm, StatusForm
from caucus.campaigns.forms import FilterForm
from caucus.campaigns.models import Event
from caucus.campaigns.near import NearEvents, ranked_places
from caucus.campaigns.permissions import (
    get_event_for_editor,
    get_event_for_user,
    get_membership_for_campaign,
    get_public_campaign,
)
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.selectors import events_matching
from caucus.campaigns.visibility import organizer_scope
from caucus.organizations.models import Organization, Role
from caucus.organizations.permissions import get_membership_for_user


@router.get("/campaigns/{slug}/events", response={200: list[EventOut], **ERRORS}, auth=ANYONE)
@paginate(Pages)
def list_events(request: HttpRequest, slug: str, filters: Query[EventQuery]):
    """A campaign's listed actions in time order (cancelled ones stay, with their status).
    Filters as the calendar's: `day` (a day of action's id), `country`, `city`, `kind`,
    `org` (an organization's slug), `date` (a day in the reader's zone, `?tz=`).
    With `near` (a city) or `near_lat` and `near_lon`: the upcoming actions of the nearest
    places (at most 25, within `radius_km` when given), nearest first, then by time."""
    campaign = get_public_campaign(slug)
    # Who organizes what, read once for the page rather than once per event's address.
    request.caucus_organizer_scope = organizer_scope(request.user)
    values = filters.dict()
    near_keys = ("near", "near_country", "near_lat", "near_lon", "radius_km")
    near = {key: values.pop(key) for key in near_keys}
    form = FilterForm({k: v for k, v in values.items() if v not in (None, "")}, campaign=campaign)
    valid_query(form)
    events = events_matching(campaign, form, reader_zone(request))
    origin = near_origin(**near)
    if origin is not None:
        places = ranked_places(campaign, origin, radius=near["radius_km"])
        return NearEvents(campaign, places, base=events)
    return events.select_related("campaign", "organization").order_by("starts_at", "id")


@router.get("/events/{uid}", response={200: EventDetailOut, **ERRORS}, auth=ANYONE)
def get_event(request: HttpRequest, uid: str):
    """One event; a private address only for its organizers (and, in the browser, for the
    people whose RSVP is confirmed, through their emailed link)."""
    return get_event_for_user(request, uid_or_404(uid))


@router.post("/campaigns/{slug}/events", response={201: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def register_event(request: HttpRequest, slug: str, payload: RegisterIn):
    """Register your organization's action (delegate or higher of an active member
    organization, with a second factor). Field errors come back as 422 with `loc`."""
    campaign = get_public_campaign(slug)
    membership = get_membership_for_campaign(request, campaign, payload.organization)
    data = valid(EventForm(payload.dict(exclude={"organization"}), campaign=campaign))
    event = services.event_create(
        data=data, actor=request.user, campaign=campaign, organization=membership.organization
    )
    return Status(201, event)


@router.get("/organizations/{org}/events", response={200: list[EventOut], **ERRORS}, auth=ANYONE)
@paginate(Pages)
def list_organization_events(request: HttpRequest, org: str):
    """A public organization's actions in time order, as its iCalendar feed carries them:
    its own events, and those in campaigns of publicly listed coalitions."""
    organization = get_object_or_404(Organization.objects.public(), slug=org)
    request.caucus_organizer_scope = organizer_scope(request.user)
    return (
        Event.objects.listed()
        .filter(organization=organization)
        .filter(Q(campaign=None) | Q(campaign__coalition__is_public=True))
        .select_related("campaign", "organization")
        .order_by("starts_at", "id")
    )


@router.post(
    "/organizations/{org}/events", response={201: EventDetailOut, **ERRORS}, auth=SIGNED_IN
)
def register_standalone_event(request: HttpRequest, org: str, payload: EventIn):
    """Register an event of your organization outside any campaign (any member role, with a
    second factor); the same fields and rules as in a campaign, without a day of action."""
    membership = get_membership_for_user(request, org, role=Role.DELEGATE)
    data = valid(EventForm(payload.dict(exclude={"day_of_action", "allow_outside_dates"})))
    event = services.event_create(
        data=data, actor=request.user, campaign=None, organization=membership.organization
    )
    return Status(201, event)


@router.put("/events/{uid}", response={200: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def update_event(request: HttpRequest, uid: str, payload: EventReplace):
    """Replace an event's details (its organizers): every stored field is required; SEQUENCE
    rises on significant change, and sending what is there changes and logs nothing."""
    event = get_event_for_editor(request, uid_or_404(uid))
    return _save_event(request, event, payload.dict())


@router.patch("/events/{uid}", response={200: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def patch_event(request: HttpRequest, uid: str, payload: EventPatch):
    """Change only the fields sent (its organizers); the same checks as a PUT."""
    event = get_event_for_editor(request, uid_or_404(uid))
    current = EventForm.initial_for(event)
    for moment in ("start", "end"):
        current[moment] = current[moment].isoformat(timespec="minutes")
    return _save_event(request, event, current | payload.dict(exclude_unset=True))


def _save_event(request: HttpRequest, event, body: dict):
    initial = EventForm.initial_for(event)
    data = valid(EventForm(body, campaign=event.campaign, initial=initial))
    return services.event_update(event=event, data=data, actor=request.user)


@router.post("/events/{uid}/status", response={200: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def change_status(request: HttpRequest, uid: str, payload: StatusIn):
    """Confirmed, tentative, cancelled, postponed or online, with a note; confirmed RSVPs
    are emailed."""
    event = get_event_for_editor(request, uid_or_404(uid))
    data = valid(StatusForm(payload.dict()))
    services.event_change_status(event=event, actor=request.user, **data)
    return event


@router.post("/events/{uid}/report", response={200: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def report_event(request: HttpRequest, uid: str, payload: ReportIn):
    """The after-event report and estimated attendance; photos go to `/events/{uid}/photos`."""
    event = get_event_for_editor(request, uid_or_404(uid))
    data = valid(ReportForm(payload.dict()))
    return services.event_report(
        event=event,
        report=data["report"],
        attendance=data["attendance"],
        photo=None,
        caption="",
        actor=request.user,
    )
