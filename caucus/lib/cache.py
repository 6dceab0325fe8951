"""A Redis cache that degrades to a miss: a dead or unreachable Redis never becomes a 500.

Caucus keeps only what it can rebuild or do without in the cache: rendered pages and
fragments (rebuilt from the database), rate-limit counters, short "am I first?" guards, and
`cached_db` sessions (read back from the database). So a Redis error is logged and each call
answers its harmless value instead of raising:

    get, get_many, has_key      a miss (the default, {}, False): the caller reads the database
    set, set_many, touch,       nothing is stored
    delete, delete_many, clear
    add                         True: the caller goes ahead as if it were first (the mail
                                batch is enqueued, a stale page is forgotten)
    incr, decr                  `delta`, as if the counter were new: rate limits fail open
                                (README, "When Redis or PostgreSQL fails", says why)

A write that failed may leave an older value in a Redis that was only unreachable (a network
partition, not a restart): a session that was signed out, a page before a publication. The
keys of failed writes are therefore deleted as soon as Redis answers again (up to
PENDING_LIMIT keys per process; past that the whole cache is cleared on recovery).

After an error the backend does not try Redis again for RETRY_SECONDS, so a Redis that hangs
costs each process one socket timeout (REDIS_TIMEOUT_MS) per interval, not one per call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger("caucus.cache")

# Errors that mean "Redis is not there or cannot take writes"; anything else (a bad value,
# a pickling error) is a bug and still raises.
UNAVAILABLE = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
)
RETRY_SECONDS = 1.0
LOG_EVERY_SECONDS = 10.0
PENDING_LIMIT = 10_000


class ResilientRedisCache(RedisCache):
    """Django's Redis backend whose failures are cache misses (see the module's docstring)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._logged_at = -LOG_EVERY_SECONDS
        self._pending: set[str] = set()
        self._clear_on_recovery = False

    # --- the guard -------------------------------------------------------------------------

    def _call(self, fallback: Any, call: Callable[[], Any], stale: Iterable[str] = ()) -> Any:
        """`call()` unless Redis is known to be down; on failure remember the `stale` keys
        and answer `fallback`."""
        if time.monotonic() < self._down_until:
            self._remember(stale)
            return fallback
        try:
            result = call()
        except UNAVAILABLE as exc:
            self._failed(exc)
            self._remember(stale)
            return fallback
        if self._pending or self._clear_on_recovery:
            self._recover()
        return result

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_SECONDS
        if now - self._logged_at >= LOG_EVERY_SECONDS:
            self._logged_at = now
            logger.warning("Redis unavailable, serving without the cache: %r", exc)

    def _remember(self, keys: Iterable[str]) -> None:
        if self._clear_on_recovery:
            return
        self._pending.update(keys)
        if len(self._pending) > PENDING_LIMIT:
            self._pending.clear()
            self._clear_on_recovery = True

    def _recover(self) -> None:
        """Redis answers again: drop what we could not overwrite or delete while it was away."""
        try:
            if self._clear_on_recovery:
                self._cache.clear()
            elif self._pending:
                self._cache.delete_many(list(self._pending))
        except UNAVAILABLE as exc:
            self._failed(exc)
            return
        self._pending.clear()
        self._clear_on_recovery = False
        logger.warning("Redis is back; keys written during the outage were invalidated.")

    def _key(self, key: str, version: int | None) -> str:
        return self.make_and_validate_key(key, version=version)

    def health(self) -> str:
        """ "ok", or what went wrong, for /healthz (a real round trip, ignoring the back-off)."""
        try:
            self._cache.get_client(write=True).ping()
        except UNAVAILABLE as exc:
            return f"unavailable: {type(exc).__name__}"
        return "ok"

    # --- reads -----------------------------------------------------------------------------

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return self._call(default, partial(super().get, key, default, version))

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        keys = list(keys)
        return self._call({}, partial(super().get_many, keys, version))

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self._call(False, partial(super().has_key, key, version))

    # --- writes ----------------------------------------------------------------------------

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        stale = [self._key(key, version)]
        return self._call(True, partial(super().add, key, value, timeout, version), stale)

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        stale = [self._key(key, version)]
        self._call(None, partial(super().set, key, value, timeout, version), stale)

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        stale = [self._key(key, version) for key in data]
        return self._call(list(data), partial(super().set_many, data, timeout, version), stale)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        stale = [self._key(key, version)]
        return self._call(False, partial(super().touch, key, timeout, version), stale)

    def delete(self, key: str, version: int | None = None) -> bool:
        stale = [self._key(key, version)]
        return self._call(False, partial(super().delete, key, version), stale)

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        keys = list(keys)
        stale = [self._key(key, version) for key in keys]
        self._call(None, partial(super().delete_many, keys, version), stale)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        stale = [self._key(key, version)]
        return self._call(delta, partial(super().incr, key, delta, version), stale)

    def clear(self) -> bool:  # type: ignore[override]
        # Django's stubs say None; RedisCache.clear answers whether Redis flushed.
        result: bool = self._call(False, super().clear)
        if time.monotonic() < self._down_until:  # it failed: clear once Redis is back
            self._pending.clear()
            self._clear_on_recovery = True
        return result
