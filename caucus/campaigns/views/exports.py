"""CSV downloads for organizers coming from Action Network (issue 18): a campaign's actions and
their RSVPs for its coordinators, an event's RSVPs for its organizers (caucus/campaigns/exports.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET, require_POST

from caucus.campaigns import exports
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_event_for_editor
from caucus.lib.csvstream import csv_response


@login_required
@require_GET
def campaign_events_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    campaign = get_campaign_for_coordinator(request, slug)
    rows = exports.event_rows(
        exports.campaign_events(campaign), request.build_absolute_uri("/")[:-1]
    )
    return csv_response(f"{campaign.slug}-events.csv", exports.EVENT_COLUMNS, rows)


@login_required
@require_POST
def campaign_rsvps_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """A POST, as it hands out emails and is recorded in the audit log."""
    campaign = get_campaign_for_coordinator(request, slug)
    rsvps = exports.campaign_rsvps_for_export(campaign=campaign, actor=request.user)
    return csv_response(
        f"{campaign.slug}-rsvps.csv", exports.RSVP_COLUMNS, exports.rsvp_rows(rsvps)
    )


@login_required
@require_POST
def event_rsvps_csv(request: HttpRequest, uid) -> StreamingHttpResponse:
    """The event's organizers: its organization's members and its campaign's coordinators."""
    event = get_event_for_editor(request, uid)
    rsvps = exports.rsvps_for_export(event=event, actor=request.user)
    return csv_response(
        f"event-{event.uid}-rsvps.csv", exports.RSVP_COLUMNS, exports.rsvp_rows(rsvps)
    )
