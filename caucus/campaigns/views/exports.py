"""CSV downloads for organizers coming from Action Network (issue 18): a campaign's actions and
their RSVPs for its coordinators, an event's RSVPs for its organizers (caucus/campaigns/exports.py,
which the API's downloads share).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET, require_POST

from caucus.campaigns import exports
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_event_for_editor


@login_required
@require_GET
def campaign_events_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    return exports.campaign_events_download(get_campaign_for_coordinator(request, slug))


@login_required
@require_POST
def campaign_rsvps_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """A POST, as it hands out emails and is recorded in the audit log."""
    campaign = get_campaign_for_coordinator(request, slug)
    return exports.campaign_rsvps_download(campaign=campaign, actor=request.user)


@login_required
@require_POST
def event_rsvps_csv(request: HttpRequest, uid) -> StreamingHttpResponse:
    """The event's organizers: its organization's members and its campaign's coordinators."""
    event = get_event_for_editor(request, uid)
    return exports.event_rsvps_download(event=event, actor=request.user)
