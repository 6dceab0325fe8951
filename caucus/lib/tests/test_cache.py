"""Redis failures are cache misses (caucus/lib/cache.py): against a closed port, and against a
private redis-server that is killed, paused and brought back (never the shared one)."""

import signal
import time
import unittest

from django.test import SimpleTestCase

from caucus.lib import cache as resilient
from caucus.lib.cache import ResilientRedisCache
from caucus.lib.localservers import RedisServer, free_port

OPTIONS = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}


def backend(url: str) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"OPTIONS": OPTIONS})


class ClosedPortTestCase(SimpleTestCase):
    def setUp(self):
        self.cache = backend(f"redis://127.0.0.1:{free_port()}/0")

    def test_every_call_answers_its_harmless_value(self):
        self.assertIsNone(self.cache.get("k"))
        self.assertEqual(self.cache.get("k", "default"), "default")
        self.assertEqual(self.cache.get_many(["a", "b"]), {})
        self.assertFalse(self.cache.has_key("k"))
        self.cache.set("k", 1)
        self.assertEqual(self.cache.set_many({"a": 1}), ["a"])
        self.assertTrue(self.cache.add("guard", 1))  # the caller goes ahead
        self.assertEqual(self.cache.incr("counter"), 1)  # a rate limit fails open
        self.assertEqual(self.cache.incr("counter", 5), 5)
        self.assertEqual(self.cache.get_or_set("k", lambda: "computed"), "computed")
        self.assertFalse(self.cache.delete("k"))
        self.cache.delete_many(["a", "b"])
        self.assertFalse(self.cache.touch("k"))
        self.assertIn("unavailable", self.cache.health())

    def test_after_a_failure_it_stops_trying_for_a_moment(self):
        self.cache.get("k")
        calls = []
        self.cache._cache.get = lambda *args: calls.append(args)
        self.cache.get("k")
        self.assertEqual(calls, [])  # known down: Redis is not asked
        self.cache._down_until = 0
        self.cache.get("k")
        self.assertEqual(len(calls), 1)

    def test_plain_redis_backend_raises_which_is_what_this_avoids(self):
        from django.core.cache.backends.redis import RedisCache
        from redis.exceptions import ConnectionError

        plain = RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": OPTIONS})
        with self.assertRaises(ConnectionError):
            plain.get("k")


@unittest.skipUnless(RedisServer.available(), "redis-server is not installed")
class PrivateRedisTestCase(SimpleTestCase):
    def setUp(self):
        self.redis = RedisServer().start()
        self.addCleanup(self.redis.stop)
        self.cache = backend(self.redis.url)

    def back_off_over(self):
        self.cache._down_until = 0  # instead of sleeping RETRY_SECONDS

    def test_killed_and_restarted_it_serves_misses_then_works_again(self):
        self.cache.set("page", "html", 60)
        self.assertEqual(self.cache.get("page"), "html")
        self.redis.kill()
        self.assertIsNone(self.cache.get("page"))
        self.assertEqual(self.cache.incr("rate"), 1)
        self.assertEqual(self.cache.health()[:11], "unavailable")
        self.redis.start()  # same port, empty (no persistence), as after a crash
        self.back_off_over()
        self.cache.set("page", "new", 60)
        self.assertEqual(self.cache.get("page"), "new")
        self.assertEqual(self.cache.health(), "ok")

    def test_writes_lost_during_a_partition_are_invalidated_when_redis_answers_again(self):
        """A session signed out (a delete) while Redis hung must not come back afterwards."""
        self.cache.set("session", "signed in", 600)
        self.cache.set("page", "before the publication", 600)
        self.cache.set("other", "kept", 600)
        self.redis.signal(signal.SIGSTOP)  # hangs: every call times out, data stays
        self.addCleanup(self.redis.signal, signal.SIGCONT)
        started = time.monotonic()
        self.cache.delete("session")
        self.cache.set("page", "after the publication", 600)
        self.assertLess(time.monotonic() - started, 1.0)  # one short timeout, then back-off
        self.redis.signal(signal.SIGCONT)
        self.back_off_over()
        self.assertEqual(self.cache.get("other"), "kept")  # first call after: invalidates
        self.assertIsNone(self.cache.get("session"))
        self.assertIsNone(self.cache.get("page"))

    def test_too_many_lost_writes_clear_the_cache_on_recovery(self):
        self.cache.set("other", "stale?", 600)
        self.redis.signal(signal.SIGSTOP)
        self.addCleanup(self.redis.signal, signal.SIGCONT)
        self.cache.set("x", 1)  # fails, then the back-off answers without asking Redis
        self.cache.set_many({f"k{n}": n for n in range(resilient.PENDING_LIMIT + 1)})
        self.redis.signal(signal.SIGCONT)
        self.back_off_over()
        self.cache.get("anything")
        self.assertIsNone(self.cache.get("other"))
