"""Campaigns and local actions in the API: public reads, registering and running events,
outside hosts' proposals and their review, and RSVPs.

Input is bound to the web's own forms (caucus/campaigns/forms.py) and goes through the same
services and guards, so an event made here is the event made in the browser. Addresses follow
caucus/campaigns/visibility.py: a private one reaches only the event's organizers. An RSVP is
confirmed and cancelled through the links emailed to the person, as in the browser.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, Text
from caucus.campaigns import services
from caucus.campaigns.forms import (
    CampaignForm,
    EventForm,
    HostEventForm,
    ReportForm,
    ReviewForm,
    RsvpForm,
    StatusForm,
    statement_label,
)
from caucus.campaigns.models import Approval, Campaign, Event
from caucus.campaigns.permissions import (
    get_campaign_for_coordinator,
    get_event_for_editor,
    get_event_for_user,
    get_membership_for_campaign,
    get_public_campaign,
)
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.views import map_context, public_statements
from caucus.campaigns.views_calendar import FilterForm, filtered
from caucus.campaigns.views_events import _initial
from caucus.campaigns.visibility import address_for, in_scope, is_organizer, organizer_scope
from caucus.coalitions.permissions import get_coalition_for_coordinator

router = Router(tags=["campaigns"])


def _request(context: Any) -> HttpRequest | None:
    return (context or {}).get("request")


def _absolute(context: Any, url: str) -> str:
    request = _request(context)
    return request.build_absolute_uri(url) if request is not None else url


# --- Shapes.


class DayOut(Schema):
    id: int
    date: dt.date
    name: str
    hashtag: str


class TargetOut(Schema):
    name: str
    kind: str
    country: str


class CampaignOut(Schema):
    slug: str
    title: str
    summary: str
    coalition: str = Field(alias="coalition.slug")
    starts_on: dt.date
    ends_on: dt.date
    hashtag: str
    status: str
    registration: str
    url: str
    calendar: str

    @staticmethod
    def resolve_url(obj: Campaign, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_calendar(obj: Campaign, context: Any) -> str:
        from django.urls import reverse

        return _absolute(context, reverse("campaigns:campaign_ics", args=[obj.slug]))


class CountsOut(Schema):
    events: int
    countries: int
    cities: int
    organizations: int


class CountryCountOut(Schema):
    code: str
    name: str
    count: int
    cities: int


class StatementRef(Schema):
    slug: str
    title: str
    url: str


class CampaignDetailOut(CampaignOut):
    description: str
    description_html: str
    days: list[DayOut]
    demands: list[str]
    targets: list[TargetOut]
    statements: list[StatementRef]
    counts: CountsOut
    countries: list[CountryCountOut]

    @staticmethod
    def resolve_statements(obj: Campaign, context: Any) -> list[dict]:
        return [
            {
                "slug": s.slug,
                "title": statement_label(s),
                "url": _absolute(context, s.get_absolute_url()),
            }
            for s in public_statements(obj)
        ]

    @staticmethod
    def _aggregates(obj: Campaign) -> dict:
        if not hasattr(obj, "_map"):
            obj._map = map_context(obj)
        return obj._map

    @staticmethod
    def resolve_days(obj: Campaign) -> list:
        return list(obj.days.all())

    @staticmethod
    def resolve_demands(obj: Campaign) -> list[str]:
        return [d.text for d in obj.demands.all()]

    @staticmethod
    def resolve_targets(obj: Campaign) -> list:
        return list(obj.targets.all())

    @staticmethod
    def resolve_counts(obj: Campaign) -> dict:
        return CampaignDetailOut._aggregates(obj)["counts"]

    @staticmethod
    def resolve_countries(obj: Campaign) -> list[dict]:
        return CampaignDetailOut._aggregates(obj)["map_table"]


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

    @staticmethod
    def resolve_uid(obj: Event) -> str:
        return str(obj.uid)

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
        request = _request(context)
        if request is None:
            return address_for(obj)
        scope = getattr(request, "caucus_organizer_scope", None)
        if scope is not None:
            return address_for(obj, organizer=in_scope(obj, scope))
        return address_for(obj, user=request.user)

    @staticmethod
    def resolve_url(obj: Event, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_ics(obj: Event, context: Any) -> str:
        from django.urls import reverse

        return _absolute(context, reverse("campaigns:event_ics", args=[obj.uid]))


class EventDetailOut(EventOut):
    description: str
    description_html: str
    report_html: str
    attendance: int | None
    confirmed_rsvps: int
    approval: str | None = Field(None, description="Shown to the organizers only.")
    photos: list[str]

    @staticmethod
    def resolve_confirmed_rsvps(obj: Event) -> int:
        return services.confirmed_count(obj)

    @staticmethod
    def resolve_approval(obj: Event, context: Any) -> str | None:
        request = _request(context)
        if request is not None and is_organizer(request.user, obj):
            return obj.approval
        return None

    @staticmethod
    def resolve_photos(obj: Event, context: Any) -> list[str]:
        return [_absolute(context, photo.image.url) for photo in obj.photos.all()]


class ProposalOut(EventOut):
    approval: str
    review_note: str
    host_name: str
    host_message: str


class DayIn(Schema):
    date: dt.date
    name: Text = Field(max_length=200)
    hashtag: Text = Field("", max_length=60)


class TargetIn(Schema):
    name: Text = Field(max_length=200)
    kind: str
    country: str = ""


class CampaignIn(Schema):
    title: Text
    slug: str
    summary: Text = ""
    description: Text = ""
    starts_on: dt.date
    ends_on: dt.date
    hashtag: Text = ""
    status: str = "planned"
    registration: str = "members"
    days: list[DayIn] = []
    demands: list[Text] = []
    targets: list[TargetIn] = []
    statements: list[str] = Field(
        [], description="Slugs of published statements of the coalition or its members."
    )


class EventIn(Schema):
    """Times are the place's wall clock ("2031-03-04T18:00"); the zone comes from the city
    unless `time_zone` names one. `start_fold`/`end_fold` ("0" or "1") pick one of a time
    that happens twice when the clocks go back."""

    title: Text
    kind: str
    description: Text = ""
    day_of_action: int | None = None
    city: Text
    country: str
    time_zone: str = ""
    start: str
    start_fold: str = ""
    end: str
    end_fold: str = ""
    allow_outside_dates: bool = False
    venue: Text = ""
    address: Text = ""
    address_visibility: str = "public"
    latitude: float | None = None
    longitude: float | None = None
    online_url: str = ""
    capacity: int | None = None
    signup_url: str = ""


class RegisterIn(EventIn):
    organization: str = Field(max_length=60, description="The slug of your organization.")


class HostIn(EventIn):
    host_name: Text = ""
    host_contact: str = ""
    host_message: Text = ""


class StatusIn(Schema):
    status: str
    note: Text = ""


class ReportIn(Schema):
    report: Text
    attendance: int | None = None


class ReviewIn(Schema):
    decision: str
    note: Text = ""


class RsvpIn(Schema):
    name: Text
    email: str


class AcceptedOut(Schema):
    detail: str


class EventQuery(Schema):
    day: int | None = Field(None, ge=1, le=2**62)
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=120)
    kind: str = Field("", max_length=10)
    org: str = Field("", max_length=60)
    date: dt.date | None = None


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


# --- Campaigns.


@router.get("/campaigns", response=list[CampaignOut], auth=ANYONE)
@paginate(Pages)
def list_campaigns(request: HttpRequest, status: str = ""):
    """Campaigns of publicly listed coalitions, newest first; `?status=active` filters."""
    campaigns = Campaign.objects.filter(coalition__is_public=True).select_related("coalition")
    if status:
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
    `org` (an organization's slug), `date` (a day in the reader's zone, `?tz=`)."""
    campaign = get_public_campaign(slug)
    # Who organizes what, read once for the page rather than once per event's address.
    request.caucus_organizer_scope = organizer_scope(request.user)
    form = FilterForm(
        {k: v for k, v in filters.dict().items() if v not in (None, "")}, campaign=campaign
    )
    valid(form)
    return (
        filtered(campaign, form, reader_zone(request))
        .select_related("campaign", "organization")
        .order_by("starts_at", "id")
    )


@router.get("/events/{uid}", response={200: EventDetailOut, **ERRORS}, auth=ANYONE)
def get_event(request: HttpRequest, uid: str):
    """One event; a private address only for its organizers (and, in the browser, for the
    people whose RSVP is confirmed, through their emailed link)."""
    return get_event_for_user(request, _uid(uid))


def _uid(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        from django.http import Http404

        raise Http404 from None


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
    """The after-event report and estimated attendance (photos through the web form)."""
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


@router.post("/events/{uid}/rsvps", response={202: AcceptedOut, **ERRORS}, auth=ANYONE)
def rsvp(request: HttpRequest, uid: str, payload: RsvpIn):
    """RSVP with a name and email; nothing counts until the emailed link is followed."""
    event = get_event_for_user(request, _uid(uid))
    data = valid(RsvpForm(payload.dict()))
    services.rsvp_create(event=event, **data)
    return Status(202, {"detail": _("Check your email: follow the link to confirm.")})


# --- Outside hosts.


@router.post("/campaigns/{slug}/hosts", response={202: AcceptedOut, **ERRORS}, auth=ANYONE)
def propose_event(request: HttpRequest, slug: str, payload: HostIn):
    """An outside organization proposes an action; it stays pending until a coordinator
    approves it (only when the campaign takes outside hosts)."""
    campaign = get_public_campaign(slug)
    if not campaign.accepts_hosts:
        raise ValidationError(_("This campaign takes actions from member organizations only."))
    data = valid(HostEventForm(payload.dict(), campaign=campaign))
    services.host_submit(campaign=campaign, data=data)
    return Status(202, {"detail": _("Thank you: the coordinators will review your action.")})


@router.get("/campaigns/{slug}/hosts", response={200: list[ProposalOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_proposals(request: HttpRequest, slug: str, approval: str = "pending"):
    """Outside hosts' proposals for the coordinators; `?approval=` pending (default),
    needs_info, rejected or approved."""
    campaign = get_campaign_for_coordinator(request, slug)
    if approval not in Approval.values:
        raise ValidationError({"approval": _("Unknown approval state.")})
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
