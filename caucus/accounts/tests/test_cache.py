"""Rate limits count across processes: the default cache is shared (security review, #10).

The suite itself runs on local memory (conftest.py), so these tests read the settings that
production gets and start real processes with them.
"""

import os
import runpy
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from caucus.accounts.checks import PER_PROCESS_CACHES, check_shared_cache

ROOT = Path(settings.BASE_DIR)


# One process of the site: count `n` failed logins for one account in allauth's limiter (the
# one its login form uses) and print how many were let through.
FAILED_LOGINS = """
import sys, django
django.setup()
from allauth.core import ratelimit
from django.test import RequestFactory
request = RequestFactory().post("/accounts/login/")
n = int(sys.argv[1])
print(sum(ratelimit.consume(request, action="login_failed", key="operator@example.org")
          for _ in range(n)))
"""

# One process counting `n` hits on one signing-rate key, as signatures/abuse.py does.
HITS = """
import sys, django
django.setup()
from django.core.cache import cache
for _ in range(int(sys.argv[1])):
    cache.add("sig-rate:p:192.0.2.0/24:1", 0, 600)
    cache.incr("sig-rate:p:192.0.2.0/24:1")
print(cache.get("sig-rate:p:192.0.2.0/24:1"))
"""


def production_env(var_dir: str) -> dict[str, str]:
    """The environment of `make run` on one machine: no Redis, SQLite under var/."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    return {**env, "CAUCUS_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "caucus.settings"}


def production_caches() -> dict:
    with (
        tempfile.TemporaryDirectory() as var_dir,
        mock.patch.dict(os.environ, production_env(var_dir), clear=True),
    ):
        return runpy.run_path(str(ROOT / "caucus" / "settings.py"))["CACHES"]


class DefaultCacheTestCase(SimpleTestCase):
    def test_the_default_without_redis_is_shared_between_processes(self):
        caches = production_caches()
        self.assertNotIn(caches["default"]["BACKEND"], PER_PROCESS_CACHES)
        with override_settings(CACHES=caches):
            self.assertEqual(check_shared_cache(None), [])

    def test_failed_logins_in_two_processes_are_counted_together(self):
        """allauth allows 5 failed logins per account: 3 in one worker, then 3 in another."""
        with tempfile.TemporaryDirectory() as var_dir:
            env = production_env(var_dir)

            def run(*args: str) -> str:
                result = subprocess.run(  # noqa: S603 — our own interpreter and manage.py
                    [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
                )
                self.assertEqual(result.returncode, 0, result.stderr)
                return result.stdout.strip()

            run("manage.py", "createcachetable")
            self.assertEqual(run("-c", FAILED_LOGINS, "3"), "3")
            self.assertEqual(run("-c", FAILED_LOGINS, "3"), "2")

    def test_processes_counting_at_once_lose_no_hit(self):
        """Django's database cache reads then writes: concurrent hits overwrote each other."""
        with tempfile.TemporaryDirectory() as var_dir:
            env = production_env(var_dir)
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True
            )
            workers = [
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "-c", HITS, "200"], cwd=ROOT, env=env, stdout=subprocess.PIPE
                )
                for _ in range(3)
            ]
            last = max(int(worker.communicate()[0]) for worker in workers)
        self.assertEqual(last, 600)


DATABASE_CACHE = {
    "default": {"BACKEND": "caucus.lib.dbcache.DatabaseCache", "LOCATION": "caucus_cache_test"}
}


@override_settings(CACHES=DATABASE_CACHE)
class DatabaseCacheTestCase(TestCase):
    """caucus.lib.dbcache: the shared default's own rules (counting is tested across processes)."""

    @classmethod
    def setUpTestData(cls):
        call_command("createcachetable", "caucus_cache_test", verbosity=0)

    def setUp(self):
        self.cache = caches["default"]

    def expiry(self, key: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT expires FROM caucus_cache_test WHERE cache_key = %s",
                [self.cache.make_key(key)],
            )
            return str(cursor.fetchone()[0])

    def expire_all(self) -> None:
        past = timezone.now() - timedelta(seconds=1)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE caucus_cache_test SET expires = %s", [past])

    def test_a_counter_keeps_its_window(self):
        """Django's incr set the default 300 s expiry: an hour's counter lasted 5 minutes."""
        self.cache.add("rate:hour", 0, 3600)
        before = self.expiry("rate:hour")
        self.assertEqual([self.cache.incr("rate:hour") for _ in range(3)], [1, 2, 3])
        self.assertEqual(self.expiry("rate:hour"), before)
        self.assertGreater(before, str(timezone.now() + timedelta(minutes=59)))

    def test_incr_of_a_missing_or_expired_key_says_so(self):
        with self.assertRaises(ValueError):
            self.cache.incr("never-set")
        self.cache.set("gone", 1, 60)
        self.expire_all()
        with self.assertRaises(ValueError):
            self.cache.incr("gone")

    def test_add_of_a_present_key_only_reads(self):
        self.assertTrue(self.cache.add("guard", 1, 60))
        with self.assertNumQueries(1):
            self.assertFalse(self.cache.add("guard", 2, 60))
        self.assertEqual(self.cache.get("guard"), 1)
        self.expire_all()
        self.assertTrue(self.cache.add("guard", 3, 60))  # expired: taken again
        self.assertEqual(self.cache.get("guard"), 3)


class SharedCacheCheckTestCase(SimpleTestCase):
    @override_settings(CACHES={"default": {"BACKEND": PER_PROCESS_CACHES[0]}})
    def test_it_warns_when_each_process_keeps_its_own_counters(self):
        (warning,) = check_shared_cache(None)
        self.assertEqual(warning.id, "caucus.W030")
        self.assertIn("REDIS_URL", warning.hint)

    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/0",
            }
        }
    )
    def test_it_is_quiet_with_redis(self):
        self.assertEqual(check_shared_cache(None), [])
