"""Campaigns and local actions in the API: public reads, registering and running events,
reports with photos, outside hosts' proposals and their review, and RSVPs.

Input is bound to the web's own forms (caucus/campaigns/forms.py) and goes through the same
services and guards, so an event made here is the event made in the browser. Addresses follow
caucus/campaigns/visibility.py: a private one reaches only the event's organizers, and the
person whose RSVP to it is confirmed. An RSVP is confirmed and cancelled with the token of
the links emailed to the person, under the same rules as the links in the browser.
"""

import uuid

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.errors import ValidationError as SchemaError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.campaign_schemas import (
    AcceptedOut,
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    EventDetailOut,
    EventIn,
    EventOut,
    EventQuery,
    HostContactOut,
    HostIn,
    PhotoOut,
    ProposalOut,
    RegisterIn,
    ReportIn,
    ReviewIn,
    RsvpIn,
    RsvpOut,
    StatusIn,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, THROTTLED, ErrorOut
from caucus.campaigns import rsvps, services
from caucus.campaigns.forms import (
    CampaignForm,
    EventForm,
    HostEventForm,
    PhotoForm,
    ReportForm,
    ReviewForm,
    RsvpForm,
    StatusForm,
)
from caucus.campaigns.limits import host_slowdown, rsvp_slowdown
from caucus.campaigns.models import Approval, Campaign, CampaignStatus, Event, EventPhoto
from caucus.campaigns.near import NearEvents, Origin, ranked_places, resolve
from caucus.campaigns.permissions import (
    get_campaign_for_coordinator,
    get_event_for_editor,
    get_event_for_user,
    get_membership_for_campaign,
    get_public_campaign,
)
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.views_calendar import FilterForm, filtered
from caucus.campaigns.views_events import _initial
from caucus.campaigns.visibility import organizer_scope
from caucus.coalitions.permissions import get_coalition_for_coordinator
from caucus.lib.ratelimit import SlowDown
from caucus.organizations.models import Organization, Role
from caucus.organizations.permissions import get_membership_for_user

router = Router(tags=["campaigns"])
# A link's token that is expired or already used is refused with 400, a forged one with 404.
LINK_ERRORS = {**ERRORS, 400: ErrorOut}


# --- Helpers.


def _campaign_form_data(payload: CampaignIn) -> dict:
    """The structured lists as the web form's lines, so one form checks both."""
    data = payload.dict(exclude={"days", "demands", "targets"})
    data["days_text"] = "\n".join(
        " | ".join([d.date.isoformat(), d.name.replace("|", "/"), d.hashtag.replace("|", "/")])
        for d in payload.days
    )
    data["demands_text"] = "\n".join(" ".join(d.split()) for d in payload.demands)
    data["targets_text"] = "\n".join(
        " | ".join([t.name.replace("|", "/"), t.kind, t.country]) for t in payload.targets
    )
    return data


def _save_campaign(request, payload: CampaignIn, coalition, instance: Campaign | None):
    form = CampaignForm(_campaign_form_data(payload), instance=instance, coalition=coalition)
    data = valid(form)
    campaign = services.campaign_save(
        campaign=form.save(commit=False),
        coalition=coalition,
        actor=request.user,
        days=data["days_text"],
        demands=data["demands_text"],
        targets=data["targets_text"],
        statements=data["statements"],
    )
    return Campaign.objects.select_related("coalition").get(pk=campaign.pk)


def _valid_query(form) -> dict:
    """A query form's cleaned data, or its errors as schema errors at ["query", name] (422),
    as the API reports a bad query parameter everywhere."""
    if form.is_valid():
        return form.cleaned_data
    errors = []
    for field, field_errors in form.errors.as_data().items():
        loc = ["query"] if field == NON_FIELD_ERRORS else ["query", field]
        for error in field_errors:
            errors.extend(
                {"loc": loc, "msg": str(message), "type": error.code or "invalid"}
                for message in error.messages
            )
    raise SchemaError(errors)


def _bad_query(name: str, message: str) -> SchemaError:
    return SchemaError([{"loc": ["query", name], "msg": message, "type": "invalid_choice"}])


def near_origin(*, near, near_country, near_lat, near_lon, radius_km) -> Origin | None:
    """The point of a `near` query, or None without one; a 422 naming the parameter when
    the city is unknown or shared by several, or a coordinate comes alone."""
    if (near_lat is None) != (near_lon is None):
        raise _bad_query("near_lon", _("Give both near_lat and near_lon."))
    if near_lat is not None:
        return Origin(near_lat, near_lon)
    if not near:
        if near_country or radius_km is not None:
            raise _bad_query("near", _("Give the city (near) or near_lat and near_lon."))
        return None
    origin, choices = resolve(near, near_country)
    if origin is not None:
        return origin
    if choices:
        codes = ", ".join(sorted({c.country for c in choices}))
        raise _bad_query(
            "near_country",
            _("Several cities are called %(city)s: give near_country, one of %(codes)s.")
            % {"city": near, "codes": codes},
        )
    raise _bad_query("near", _("No city of the list is called %(city)s.") % {"city": near})


def _uid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


# --- Campaigns.


@router.get("/campaigns", response=list[CampaignOut], auth=ANYONE)
@paginate(Pages)
def list_campaigns(request: HttpRequest, status: str = ""):
    """Campaigns of publicly listed coalitions, newest first; `?status=active` filters."""
    campaigns = Campaign.objects.filter(coalition__is_public=True).select_related("coalition")
    if status:
        if status not in CampaignStatus.values:
            raise _bad_query("status", _("Use planned, active or ended."))
        campaigns = campaigns.filter(status=status)
    return campaigns.order_by("-starts_on", "-pk")


@router.get("/campaigns/{slug}", response={200: CampaignDetailOut, **ERRORS}, auth=ANYONE)
def get_campaign(request: HttpRequest, slug: str):
    """A campaign with its days of action, demands, targets and counts (from the map's
    pre-aggregated rows: events, countries, cities, organizations, and per country)."""
    return get_public_campaign(slug)


@router.post(
    "/coalitions/{coalition}/campaigns", response={201: CampaignOut, **ERRORS}, auth=SIGNED_IN
)
def create_campaign(request: HttpRequest, coalition: str, payload: CampaignIn):
    """Create a campaign (the coalition's coordinators, with a second factor)."""
    found = get_coalition_for_coordinator(request, coalition)
    return Status(201, _save_campaign(request, payload, found, None))


@router.put("/campaigns/{slug}", response={200: CampaignOut, **ERRORS}, auth=SIGNED_IN)
def update_campaign(request: HttpRequest, slug: str, payload: CampaignIn):
    """Replace a campaign's fields, days (kept by date), demands and targets."""
    campaign = get_campaign_for_coordinator(request, slug)
    return _save_campaign(request, payload, campaign.coalition, campaign)


# --- Events.


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
    _valid_query(form)
    events = filtered(campaign, form, reader_zone(request))
    origin = near_origin(**near)
    if origin is not None:
        places = ranked_places(campaign, origin, radius=near["radius_km"])
        return NearEvents(campaign, places, base=events)
    return events.select_related("campaign", "organization").order_by("starts_at", "id")


@router.get("/events/{uid}", response={200: EventDetailOut, **ERRORS}, auth=ANYONE)
def get_event(request: HttpRequest, uid: str):
    """One event; a private address only for its organizers (and, in the browser, for the
    people whose RSVP is confirmed, through their emailed link)."""
    return get_event_for_user(request, _uid(uid))


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
def update_event(request: HttpRequest, uid: str, payload: EventIn):
    """Replace an event's details (its organizers); SEQUENCE rises on significant change."""
    event = get_event_for_editor(request, _uid(uid))
    data = valid(EventForm(payload.dict(), campaign=event.campaign, initial=_initial(event)))
    return services.event_update(event=event, data=data, actor=request.user)


@router.post("/events/{uid}/status", response={200: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def change_status(request: HttpRequest, uid: str, payload: StatusIn):
    """Confirmed, tentative, cancelled, postponed or online, with a note; confirmed RSVPs
    are emailed."""
    event = get_event_for_editor(request, _uid(uid))
    data = valid(StatusForm(payload.dict()))
    services.event_change_status(event=event, actor=request.user, **data)
    return event


@router.post("/events/{uid}/report", response={200: EventDetailOut, **ERRORS}, auth=SIGNED_IN)
def report_event(request: HttpRequest, uid: str, payload: ReportIn):
    """The after-event report and estimated attendance; photos go to `/events/{uid}/photos`."""
    event = get_event_for_editor(request, _uid(uid))
    data = valid(ReportForm(payload.dict()))
    return services.event_report(
        event=event,
        report=data["report"],
        attendance=data["attendance"],
        photo=None,
        caption="",
        actor=request.user,
    )


@router.post("/events/{uid}/photos", response={201: PhotoOut, **ERRORS}, auth=SIGNED_IN)
def add_photo(
    request: HttpRequest,
    uid: str,
    photo: File[UploadedFile] = None,  # type: ignore[assignment]  # refused by the form
    caption: Form[str] = "",
):
    """Add a photo to the report (multipart: `photo`, optional `caption`; the organizers).
    PNG, JPEG or WebP up to 8 MB; it is re-encoded, so no EXIF, GPS or other metadata stays."""
    event = get_event_for_editor(request, _uid(uid))
    data = valid(PhotoForm({"caption": caption}, {"photo": photo} if photo else {}))
    return Status(201, services.event_photo_add(event=event, actor=request.user, **data))


@router.delete("/events/{uid}/photos/{photo_id}", response={204: None, **ERRORS}, auth=SIGNED_IN)
def remove_photo(request: HttpRequest, uid: str, photo_id: int):
    """Take a photo out of the report (the organizers)."""
    event = get_event_for_editor(request, _uid(uid))
    photo = get_object_or_404(EventPhoto, pk=photo_id, event=event)
    services.event_photo_remove(photo=photo, actor=request.user)
    return Status(204, None)


@router.post("/events/{uid}/rsvps", response={202: AcceptedOut, **THROTTLED}, auth=ANYONE)
def rsvp(request: HttpRequest, uid: str, payload: RsvpIn):
    """RSVP with a name and email; nothing counts until the emailed link is followed. An
    address that has already answered gets the same answer (its owner is emailed the link to
    their RSVP), so nobody can learn who is coming. 429 with Retry-After when too many
    RSVPs come from one network or for one address."""
    event = get_event_for_user(request, _uid(uid))
    data = valid(RsvpForm(payload.dict()))
    if wait := rsvp_slowdown(request, data["email"]):
        raise SlowDown(wait)
    rsvps.rsvp_create(event=event, **data)
    return Status(202, {"detail": _("Check your email: follow the link to confirm.")})


def _link_refused(problem: str, detail: str = "") -> Status:
    if problem == "forged":
        return Status(
            404, {"detail": _("This link is not valid: copy the whole link from the email.")}
        )
    messages = {
        "expired": _("This link has expired. RSVP again to get a new one."),
        "used": _("This link was already used."),
    }
    return Status(400, {"detail": detail or messages[problem], "code": problem})


@router.post("/rsvps/confirm/{token}", response={200: RsvpOut, **LINK_ERRORS}, auth=ANYONE)
def confirm_rsvp(request: HttpRequest, token: str):
    """Confirm an RSVP with the token of the confirmation link (the last part of
    `/events/rsvp/confirm/<token>/`). The answer carries the address if the event keeps it
    for confirmed RSVPs. A used or expired token is refused with 400 and its `code`, a
    forged one with 404; a cancelled, postponed or full event with 422. Nothing changes then."""
    rsvp, problem = rsvps.confirm_link_rsvp(token)
    if rsvp is None:
        return _link_refused(problem)
    return rsvps.rsvp_confirm(rsvp=rsvp)


@router.get("/rsvps/{token}", response={200: RsvpOut, **LINK_ERRORS}, auth=ANYONE)
def get_rsvp(request: HttpRequest, token: str):
    """Your RSVP, with the token of the link to manage it (the last part of
    `/events/rsvp/<token>/`); the address once it is confirmed."""
    rsvp, problem = rsvps.manage_link_rsvp(token)
    return _link_refused(problem) if rsvp is None else rsvp


@router.post("/rsvps/{token}/cancel", response={200: RsvpOut, **LINK_ERRORS}, auth=ANYONE)
def cancel_rsvp(request: HttpRequest, token: str):
    """Cancel your RSVP with the token of the link to manage it; cancelling twice is
    refused with 400 (`code` "used"), nothing changed."""
    rsvp, problem = rsvps.manage_link_rsvp(token)
    if rsvp is None:
        return _link_refused(problem)
    try:
        return rsvps.rsvp_cancel(rsvp=rsvp)
    except ValidationError as exc:
        return _link_refused("used", " ".join(exc.messages))


# --- Outside hosts.


@router.post("/campaigns/{slug}/hosts", response={202: AcceptedOut, **THROTTLED}, auth=ANYONE)
def propose_event(request: HttpRequest, slug: str, payload: HostIn):
    """An outside organization proposes an action; it stays pending until a coordinator
    approves it (only when the campaign takes outside hosts). 429 with Retry-After when too
    many proposals come from one network or one contact address."""
    campaign = get_public_campaign(slug)
    if not campaign.accepts_hosts:
        raise ValidationError(_("This campaign takes actions from member organizations only."))
    data = valid(HostEventForm(payload.dict(), campaign=campaign))
    if wait := host_slowdown(request, data["host_contact"]):
        raise SlowDown(wait)
    services.host_submit(campaign=campaign, data=data)
    return Status(202, {"detail": _("Thank you: the coordinators will review your action.")})


@router.get("/campaigns/{slug}/hosts", response={200: list[ProposalOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_proposals(request: HttpRequest, slug: str, approval: str = "pending"):
    """Outside hosts' proposals for the coordinators; `?approval=` pending (default),
    needs_info, rejected or approved."""
    campaign = get_campaign_for_coordinator(request, slug)
    if approval not in Approval.values:
        raise _bad_query("approval", _("Unknown approval state."))
    return (
        Event.objects.filter(campaign=campaign, organization=None, approval=approval)
        .select_related("campaign")
        .order_by("created", "id")
    )


@router.post(
    "/campaigns/{slug}/hosts/{uid}/review", response={200: ProposalOut, **ERRORS}, auth=SIGNED_IN
)
def review_proposal(request: HttpRequest, slug: str, uid: str, payload: ReviewIn):
    """Approve, reject, or ask for information (a note is then required)."""
    campaign = get_campaign_for_coordinator(request, slug)
    event = get_object_or_404(Event, uid=_uid(uid), campaign=campaign, organization=None)
    data = valid(ReviewForm(payload.dict()))
    return services.host_review(
        event=event, decision=data["decision"], note=data["note"], actor=request.user
    )


@router.post(
    "/campaigns/{slug}/hosts/{uid}/contact",
    response={200: HostContactOut, **ERRORS},
    auth=SIGNED_IN,
)
def host_contact(request: HttpRequest, response: HttpResponse, slug: str, uid: str):
    """An outside host's contact email, for the campaign's coordinators only (with a second
    factor); each reading is recorded in the coalition's audit log, hence a POST."""
    campaign = get_campaign_for_coordinator(request, slug)
    event = get_object_or_404(
        Event.objects.select_related("campaign__coalition"),
        uid=_uid(uid),
        campaign=campaign,
        organization=None,
    )
    response["Cache-Control"] = "no-store"
    return {"host_contact": services.host_contact_reveal(event=event, actor=request.user)}
