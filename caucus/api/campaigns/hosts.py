"""Outside hosts in the API: proposing an action, and the coordinators' review of proposals."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.campaigns.common import bad_query, router, uid_or_404
from caucus.api.campaigns.event_schemas import HostContactOut, HostIn, HostReviewIn, ProposalOut
from caucus.api.campaigns.schemas import AcceptedOut
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, THROTTLED, choice
from caucus.campaigns import services
from caucus.campaigns.event_forms import HostEventForm, ReviewForm
from caucus.campaigns.limits import host_slowdown
from caucus.campaigns.models import Approval, Event
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_public_campaign
from caucus.lib.ratelimit import SlowDown

ApprovalState = choice("Approval", Approval.values)


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
def list_proposals(request: HttpRequest, slug: str, approval: ApprovalState = "pending"):
    """Outside hosts' proposals for the coordinators; `?approval=` pending (default),
    needs_info, rejected or approved."""
    campaign = get_campaign_for_coordinator(request, slug)
    if approval not in Approval.values:
        raise bad_query("approval", _("Unknown approval state."))
    return (
        Event.objects.filter(campaign=campaign, organization=None, approval=approval)
        .select_related("campaign")
        .order_by("created", "id")
    )


@router.post(
    "/campaigns/{slug}/hosts/{uid}/review", response={200: ProposalOut, **ERRORS}, auth=SIGNED_IN
)
def review_proposal(request: HttpRequest, slug: str, uid: str, payload: HostReviewIn):
    """Approve, reject, or ask for information (a note is then required)."""
    campaign = get_campaign_for_coordinator(request, slug)
    event = get_object_or_404(Event, uid=uid_or_404(uid), campaign=campaign, organization=None)
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
        uid=uid_or_404(uid),
        campaign=campaign,
        organization=None,
    )
    response["Cache-Control"] = "no-store"
    return {"host_contact": services.host_contact_reveal(event=event, actor=request.user)}
