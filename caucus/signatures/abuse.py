"""Abuse controls for public sign-on, after the UK Parliament petitions site.

Generous limits per truncated IP prefix and per email domain, counted in the cache in short
windows; past a limit the signer is asked to wait until the window ends (429 with
Retry-After), never banned, so many people behind one office or campus address can still
sign. Only the truncated prefix is ever stored. Large mail providers are exempt from the
per-domain limit (their users are the crowd, not an attacker).
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.http import HttpRequest
from django.utils import timezone

from caucus.lib.network import client_network
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


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return 1


def slowdown(*, prefix: str, domain: str) -> int:
    """Seconds the signer should wait (0: go ahead). Counts this attempt."""
    window = settings.SIGNATURE_RATE_WINDOW
    now = int(time.time())
    slot = now // window
    wait = window - now % window
    checks = [(f"sig-rate:p:{prefix}:{slot}", settings.SIGNATURE_RATE_PER_PREFIX)]
    if domain not in settings.SIGNATURE_RATE_EXEMPT_DOMAINS:
        checks.append((f"sig-rate:d:{domain}:{slot}", settings.SIGNATURE_RATE_PER_DOMAIN))
    for key, limit in checks:
        if limit and _hit(key, window) > limit:
            return wait
    return 0


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
