"""The CSV downloads of the campaign and event pages, in the API (issue 18): the same guards and
the same streamed rows (caucus/campaigns/exports.py). RSVP exports are POSTs, as on the web:
they hand out emails and each is recorded in the audit log."""

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

from caucus.api.auth import SIGNED_IN
from caucus.api.campaigns.common import router, uid_or_404
from caucus.api.schemas import ERRORS
from caucus.campaigns import exports
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_event_for_editor


def csv_doc(what: str, columns: list[str]) -> dict[str, Any]:
    """The 200 of a download in the OpenAPI document: CSV text, as an attachment."""
    return {
        "responses": {
            200: {
                "description": f"{what} as CSV (UTF-8, a header row: {', '.join(columns)}); "
                "text cells that a spreadsheet would run as formulas start with an apostrophe.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
                "headers": {
                    "Content-Disposition": {
                        "description": 'attachment; filename="…csv"',
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


@router.get(
    "/campaigns/{slug}/events.csv",
    response=ERRORS,
    auth=SIGNED_IN,
    openapi_extra=csv_doc("Every action of the campaign", exports.EVENT_COLUMNS),
)
def campaign_events_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The campaign's actions, hosts' proposals included, with full addresses and confirmed
    RSVPs (the coalition's coordinators, with a second factor)."""
    return exports.campaign_events_download(get_campaign_for_coordinator(request, slug))


@router.post(
    "/campaigns/{slug}/rsvps.csv",
    response=ERRORS,
    auth=SIGNED_IN,
    openapi_extra=csv_doc("The RSVPs to every action of the campaign", exports.RSVP_COLUMNS),
)
def campaign_rsvps_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The RSVPs to every action of the campaign, with emails (the coalition's coordinators,
    with a second factor); recorded in the audit log."""
    campaign = get_campaign_for_coordinator(request, slug)
    return exports.campaign_rsvps_download(campaign=campaign, actor=request.user)


@router.post(
    "/events/{uid}/rsvps.csv",
    response=ERRORS,
    auth=SIGNED_IN,
    openapi_extra=csv_doc("The event's RSVPs", exports.RSVP_COLUMNS),
)
def event_rsvps_csv(request: HttpRequest, uid: str) -> StreamingHttpResponse:
    """The event's RSVPs, with emails, for its organizers: its organization's members and its
    campaign's coordinators, with a second factor; recorded in the audit log."""
    event = get_event_for_editor(request, uid_or_404(uid))
    return exports.event_rsvps_download(event=event, actor=request.user)
