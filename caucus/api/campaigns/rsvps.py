"""RSVPs in the API: answering, then confirming, reading and cancelling with the token of the
links emailed to the person, under the same rules as the links in the browser."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from caucus.api.auth import ANYONE
from caucus.api.campaigns.common import LINK_ERRORS, router, uid_or_404
from caucus.api.campaigns.event_schemas import RsvpIn, RsvpOut
from caucus.api.campaigns.schemas import AcceptedOut
from caucus.api.forms import valid
from caucus.api.schemas import THROTTLED
from caucus.campaigns import rsvps
from caucus.campaigns.event_forms import RsvpForm
from caucus.campaigns.limits import rsvp_slowdown
from caucus.campaigns.permissions import get_event_for_user
from caucus.lib.ratelimit import SlowDown


@router.post("/events/{uid}/rsvps", response={202: AcceptedOut, **THROTTLED}, auth=ANYONE)
def rsvp(request: HttpRequest, uid: str, payload: RsvpIn):
    """RSVP with a name and email; nothing counts until the emailed link is followed. An
    address that has already answered gets the same answer (its owner is emailed the link to
    their RSVP), so nobody can learn who is coming. 429 with Retry-After when too many
    RSVPs come from one network or for one address."""
    event = get_event_for_user(request, uid_or_404(uid))
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
