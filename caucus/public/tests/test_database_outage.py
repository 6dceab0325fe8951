"""PostgreSQL stopped under a running app server: /healthz and pages answer 503 with
Retry-After, and everything recovers by itself when it starts again.

A private PostgreSQL cluster of its own (initdb + pg_ctl on a free port; the shared server is
never touched) and granian serving Caucus on it, as in production."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from caucus.lib.localservers import PostgresServer, free_port, wait_for_port

GRANIAN = Path(sys.executable).parent / "granian"


def get(port: int, path: str, **headers: str) -> tuple[int, Message, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@unittest.skipUnless(
    PostgresServer.available() and GRANIAN.exists(),
    "needs PostgreSQL's server programs (initdb, pg_ctl) and granian to run a private cluster",
)
class DatabaseOutageTestCase(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="caucus-outage-"))
        cls.addClassCleanup(shutil.rmtree, cls.folder, ignore_errors=True)
        cls.pg = PostgresServer(cls.folder / "pg", durable=False).init().start()
        cls.addClassCleanup(cls.pg.stop)
        cls.pg.create_database("caucus")
        cls.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "caucus.settings",
            "DATABASE_URL": cls.pg.url("caucus"),
            "CAUCUS_VAR_DIR": str(cls.folder / "var"),
            "LOG_LEVEL": "CRITICAL",
        }
        cls.env.pop("REDIS_URL", None)
        for command in (["migrate"], ["collectstatic", "--noinput"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command, "-v0"],
                cwd=settings.BASE_DIR, env=cls.env, check=True, capture_output=True,
            )  # fmt: skip
        cls.port = free_port()
        cls.server = subprocess.Popen(  # noqa: S603
            [str(GRANIAN), "--interface", "wsgi", "--workers", "1", "--port", str(cls.port),
             "--log-level", "error", "caucus.wsgi:application"],
            cwd=settings.BASE_DIR, env=cls.env,
        )  # fmt: skip
        cls.addClassCleanup(cls.server.wait, 10)
        cls.addClassCleanup(cls.server.terminate)
        wait_for_port(cls.port)

    def test_it_answers_503_while_the_database_is_stopped_and_recovers_by_itself(self):
        status, _headers, body = get(self.port, "/healthz")
        self.assertEqual((status, body), (200, '{"database": "ok", "cache": "ok"}'))
        self.assertEqual(get(self.port, "/")[0], 200)  # a connection is open and kept

        self.pg.stop()
        status, headers, body = get(self.port, "/healthz")
        self.assertEqual(status, 503)
        self.assertIn('"database": "unavailable: OperationalError"', body)
        self.assertEqual(headers["Retry-After"], "10")
        status, headers, body = get(self.port, "/", **{"Accept-Language": "es"})
        self.assertEqual(status, 503)
        self.assertEqual(headers["Retry-After"], "10")
        self.assertIn('<html lang="es"', body)
        self.assertIn("caucus/site", body)  # our page, styled like the site

        self.pg.start()
        deadline = time.monotonic() + 15
        while get(self.port, "/healthz")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(get(self.port, "/healthz")[0], 200)
        self.assertEqual(get(self.port, "/")[0], 200)
