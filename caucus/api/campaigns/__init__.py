"""Campaigns and local actions in the API: public reads, registering and running events,
reports with photos, outside hosts' proposals and their review, and RSVPs.

Input is bound to the web's own forms (caucus/campaigns/forms.py) and goes through the same
services and guards, so an event made here is the event made in the browser. Addresses follow
caucus/campaigns/visibility.py: a private one reaches only the event's organizers, and the
person whose RSVP to it is confirmed. An RSVP is confirmed and cancelled with the token of
the links emailed to the person, under the same rules as the links in the browser.
"""

# The modules add their endpoints to the router, in the order the OpenAPI document lists them.
from caucus.api.campaigns import campaigns, events, exports, hosts, photos, rsvps  # noqa: F401
from caucus.api.campaigns.common import router

__all__ = ["router"]
