"""How fast the public may RSVP and propose actions: the rates of caucus/lib/ratelimit.py.

Both forms are open to anyone and each accepted one emails an address or waits for the
coordinators, so each counts per network (through the trusted proxies) and per address. The
count happens before anything is looked up, so a refusal tells nothing about who answered.
"""

from django.conf import settings
from django.http import HttpRequest

from caucus.lib import ratelimit
from caucus.lib.network import client_network
from caucus.lib.ratelimit import Rate, address_key


def rsvp_slowdown(request: HttpRequest, email: str) -> int:
    """Seconds to wait before this RSVP may go ahead (0: now); counts it."""
    return ratelimit.slowdown(
        (
            Rate("rsvp:n", settings.RSVP_RATE_PER_NETWORK, settings.RSVP_RATE_WINDOW),
            client_network(request),
        ),
        (
            Rate("rsvp:a", settings.RSVP_RATE_PER_ADDRESS, settings.ADDRESS_RATE_WINDOW),
            address_key(email),
        ),
    )


def host_slowdown(request: HttpRequest, email: str) -> int:
    """Seconds to wait before this proposal from an outside host may go ahead; counts it."""
    return ratelimit.slowdown(
        (
            Rate("host:n", settings.HOST_RATE_PER_NETWORK, settings.HOST_RATE_WINDOW),
            client_network(request),
        ),
        (
            Rate("host:a", settings.HOST_RATE_PER_ADDRESS, settings.ADDRESS_RATE_WINDOW),
            address_key(email),
        ),
    )
