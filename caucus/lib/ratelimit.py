"""One rate limiter for every public form that sends an email or stores something for a stranger.

Signing, following a case, RSVPs and outside hosts' proposals all count attempts here, in fixed
windows kept in the shared cache (Redis in production, so every app server counts together).
Past a limit the caller is asked to wait until the window ends (429 with Retry-After), never
banned: a crowd behind one office address can still get through a minute later.

Keys name a network (caucus.lib.network.client_network), an email domain, or an address. An
address is never put in the cache in clear: `address_key` stores its keyed blind index (the
one the database already keeps), so a dump of the cache reveals no one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import ngettext

from caucus.lib.crypto import email_index


@dataclass(frozen=True)
class Rate:
    """At most `limit` attempts per `window` seconds for each key in `scope` (0: no limit)."""

    scope: str
    limit: int
    window: int


class SlowDown(Exception):  # noqa: N818 — it tells the caller what to do, like Http404
    """Raised by interfaces (the API) that answer a refusal through an exception handler."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def address_key(email: str) -> str:
    """The key that counts one mailbox: its blind index (normalized, keyed), never the text."""
    return email_index(email)


def _hit(key: str, window: int) -> int:
    # add() is a no-op when the key exists; the few seconds of slack outlive the window's end.
    cache.add(key, 0, window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return 1


def slowdown(*checks: tuple[Rate, str]) -> int:
    """Count this attempt against each (rate, key) in order; the seconds to wait, 0 to go ahead.

    Counting stops at the first limit passed, so a refused attempt does not use up the budget
    of the limits after it. A check with an empty key (an unknown network) counts nothing.
    """
    now = int(time.time())
    for rate, key in checks:
        if rate.limit <= 0 or rate.window <= 0 or not key:
            continue
        slot = now // rate.window
        if _hit(f"rate:{rate.scope}:{key}:{slot}", rate.window) > rate.limit:
            return rate.window - now % rate.window
    return 0


def waiting(rate: Rate, key: str) -> int:
    """The seconds left in the window when `key` is already past the limit, without counting
    this attempt (for limits on something that happens after the request, like a refusal)."""
    if rate.limit <= 0 or rate.window <= 0 or not key:
        return 0
    now = int(time.time())
    count = cache.get(f"rate:{rate.scope}:{key}:{now // rate.window}") or 0
    return rate.window - now % rate.window if count >= rate.limit else 0


def wait_message(seconds: int) -> str:
    """What a person is told when asked to wait, on a page or in the API."""
    return ngettext(
        "Too many requests came from your network or for this address. "
        "Please try again in %(seconds)d second.",
        "Too many requests came from your network or for this address. "
        "Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
