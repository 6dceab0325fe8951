"""Abuse controls for public sign-on, after the UK Parliament petitions site.

Generous limits per truncated IP prefix and per email domain, and a tighter one per address
(each attempt may send an email), counted by caucus.lib.ratelimit; past a limit the signer is
asked to wait until the window ends (429 with Retry-After), never banned, so many people
behind one office or campus address can still sign. Only the truncated prefix is ever stored.
Large mail providers are exempt from the per-domain limit (their users are the crowd, not an
attacker).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.http import HttpRequest
from django.utils import timezone

from caucus.lib import ratelimit
from caucus.lib.network import client_network
from caucus.lib.ratelimit import Rate, address_key
from caucus.signatures.models import Signature


def request_prefix(request: HttpRequest) -> str:
    """The client's network (/24, /48) through the trusted proxies: see caucus/lib/network.py."""
    return client_network(request)


def email_domain(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def is_blocked_domain(domain: str) -> bool:
    """SIGNATURE_BLOCKED_DOMAINS lists domains (and their subdomains) that may not sign."""
    for blocked in settings.SIGNATURE_BLOCKED_DOMAINS:
        blocked = blocked.lower().lstrip(".")
        if domain == blocked or domain.endswith("." + blocked):
            return True
    return False


def signing_rates() -> tuple[Rate, Rate, Rate]:
    """Per network, per email domain, per address; read at each call (tests override them)."""
    window = settings.SIGNATURE_RATE_WINDOW
    return (
        Rate("sig:p", settings.SIGNATURE_RATE_PER_PREFIX, window),
        Rate("sig:d", settings.SIGNATURE_RATE_PER_DOMAIN, window),
        Rate("sig:a", settings.SIGNATURE_RATE_PER_ADDRESS, settings.ADDRESS_RATE_WINDOW),
    )


def slowdown(*, prefix: str, domain: str = "", email: str = "") -> int:
    """Seconds the signer (or follower) should wait, 0 to go ahead; counts this attempt.

    `domain` defaults to the email's; the address counts only when `email` is given.
    """
    per_prefix, per_domain, per_address = signing_rates()
    domain = domain or (email_domain(email) if email else "")
    checks = [(per_prefix, prefix)]
    if domain and domain not in settings.SIGNATURE_RATE_EXEMPT_DOMAINS:
        checks.append((per_domain, domain))
    if email:
        checks.append((per_address, address_key(email)))
    return ratelimit.slowdown(*checks)


def signing_rate(statement, *, hours: int = 48) -> list[dict]:
    """Signatures per hour over the last `hours` hours, oldest first."""
    since = timezone.now() - timedelta(hours=hours)
    return list(
        Signature.objects.filter(statement=statement, created__gte=since)
        .annotate(hour=TruncHour("created"))
        .values("hour")
        .annotate(n=Count("id"))
        .order_by("hour")
    )


def spikes(statement, *, start, end, limit: int = 10) -> dict[str, list[dict]]:
    """The IP prefixes and email domains with the most signatures in [start, end)."""
    window = Signature.objects.filter(statement=statement, created__gte=start, created__lt=end)
    return {
        "prefixes": list(
            window.values("ip_prefix").annotate(n=Count("id")).order_by("-n", "ip_prefix")[:limit]
        ),
        "domains": list(
            window.values("email_domain")
            .annotate(n=Count("id"))
            .order_by("-n", "email_domain")[:limit]
        ),
        "total": window.count(),
    }
