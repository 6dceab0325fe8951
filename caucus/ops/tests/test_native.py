"""pg_dump must exist and be at least as new as the server, or backup says what to install."""

import os
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from django.test import SimpleTestCase

from caucus.ops import native

SERVER_17 = SimpleNamespace(pg_version=170002)


class PgDumpTestCase(SimpleTestCase):
    def fake_pg_dump(self, version: str) -> str:
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        script = Path(folder, "pg_dump")
        script.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {version}'\n")
        script.chmod(0o755)
        return folder

    def test_an_older_pg_dump_is_refused_with_what_to_install(self):
        with mock.patch.dict(os.environ, {"PATH": self.fake_pg_dump("15.20 (Debian)")}):
            with self.assertRaisesMessage(native.NativeDumpError, "pg_dump 15 cannot dump"):
                native.pg_dump_command(SERVER_17)
        with mock.patch.dict(os.environ, {"PATH": self.fake_pg_dump("15.20 (Debian)")}):
            with self.assertRaisesMessage(native.NativeDumpError, "postgresql-client-17"):
                native.pg_dump_command(SERVER_17)

    def test_a_missing_pg_dump_is_refused_with_the_way_around_it(self):
        with mock.patch.dict(os.environ, {"PATH": tempfile.gettempdir() + "/h-ops-nothing"}):
            with self.assertRaisesMessage(native.NativeDumpError, "--no-native-dump"):
                native.pg_dump_command(SERVER_17)

    def test_the_same_or_a_newer_pg_dump_is_used(self):
        for version in ("17.1", "18beta2"):
            folder = self.fake_pg_dump(version)
            with mock.patch.dict(os.environ, {"PATH": folder}):
                self.assertEqual(native.pg_dump_command(SERVER_17), f"{folder}/pg_dump")
