"""The whole demo goes SQLite → archive → PostgreSQL → archive → SQLite, as an operator would
run it (manage.py in separate processes, one var/ per instance), and nothing changes: every
table's rows, every ledger verifies, every signer's email decrypts, search finds the same.

Needs the PostgreSQL of TEST_PG_URL (default: the one `make test` uses); it makes a database
of its own and drops it afterwards. About a minute, most of it migrating and loading the demo.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import skipUnless

import dj_database_url
import psycopg
from django.conf import settings
from django.test import SimpleTestCase

ADMIN_URL = os.environ.get("TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Variables of the suite's own run that must not leak into the instances under test.
INSTANCE_VARIABLES = (
    "DATABASE_URL",
    "CAUCUS_VAR_DIR",
    "MEDIA_ROOT",
    "REDIS_URL",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "FIELD_KEYS",
    "BLIND_INDEX_KEY",
    "LEDGER_SIGNING_KEY",
    "PROMETHEUS_MULTIPROC_DIR",
    "CAUCUS_BACKUP_PASSPHRASE",
    "CAUCUS_DEMO",
)


def _admin():
    params = dj_database_url.parse(ADMIN_URL)
    return psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"],
        port=params["PORT"] or None,
        autocommit=True,
        connect_timeout=3,
    )


def _postgres_answers() -> bool:
    try:
        _admin().close()
    except psycopg.Error:
        return False
    return True


@skipUnless(_postgres_answers(), f"PostgreSQL at {ADMIN_URL} does not answer")
class RoundTripTestCase(SimpleTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="h_ops_roundtrip_"))
        self.addCleanup(subprocess.run, ["rm", "-rf", str(self.tmp)], check=False)
        self.database = f"h_ops_restore_{os.getpid()}"
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            admin.execute(f'CREATE DATABASE "{self.database}"')
        self.addCleanup(self.drop_database)
        self.pg_url = ADMIN_URL.rsplit("/", 1)[0] + f"/{self.database}"
        (self.tmp / "passphrase").write_text("the round trip passphrase\n")

    def drop_database(self):
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def instance(self, name: str, database_url: str = "") -> dict:
        """The environment of one instance: its own var/ (keys, SQLite) and media."""
        env = {k: v for k, v in os.environ.items() if k not in INSTANCE_VARIABLES}
        var = self.tmp / name
        env |= {"CAUCUS_VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media")}
        if database_url:
            env["DATABASE_URL"] = database_url
        return env

    def run_python(self, env: dict, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, *args],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, 0, f"{args}:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def manage(self, env: dict, *args: str) -> str:
        return self.run_python(env, "manage.py", *args)

    def snapshot(self, env: dict) -> dict:
        return json.loads(self.run_python(env, "-m", "caucus.ops.tests.snapshot"))

    def assertSameData(self, expected: dict, found: dict, where: str) -> None:
        self.assertEqual(sorted(found["tables"]), sorted(expected["tables"]), where)
        for table, rows in expected["tables"].items():
            self.assertEqual(found["tables"][table], rows, f"{where}: {table}")
        self.assertEqual(found["ledgers"], expected["ledgers"], where)
        self.assertEqual(found["signer_emails"], expected["signer_emails"], where)

    def test_the_demo_survives_sqlite_to_postgresql_and_back(self):
        # 1. The demo on SQLite, with an uploaded file.
        source = self.instance("source")
        self.manage(source, "migrate", "--noinput", "-v0")
        self.manage(source | {"CAUCUS_DEMO": "true"}, "loaddemo")
        (self.tmp / "source" / "media" / "logos").mkdir(parents=True)
        (self.tmp / "source" / "media" / "logos" / "demo.png").write_bytes(b"\x89PNG demo")
        before = self.snapshot(source)
        self.assertTrue(before["ledgers"])
        self.assertTrue(all(check["ok"] for check in before["ledgers"].values()))
        self.assertGreater(before["signer_emails"], 0)
        self.assertGreater(before["search"]["rally"], 0)

        # 2. An encrypted archive with the keys, into a new PostgreSQL instance without keys.
        sealed = self.tmp / "sqlite.tar.enc"
        passphrase = str(self.tmp / "passphrase")
        self.manage(
            source,
            "backup",
            "--output",
            str(sealed),
            "--include-keys",
            "--passphrase-file",
            passphrase,
        )
        on_pg = self.instance("pg", self.pg_url)
        self.manage(on_pg, "restore", str(sealed), "--passphrase-file", passphrase)
        after_pg = self.snapshot(on_pg)
        self.assertSameData(before, after_pg, "on PostgreSQL")
        self.assertGreater(after_pg["search"]["rally"], 0)
        self.assertEqual(
            (self.tmp / "pg" / "media" / "logos" / "demo.png").read_bytes(), b"\x89PNG demo"
        )

        # 3. A plain archive from PostgreSQL, into SQLite for an instance with the same keys.
        plain = self.tmp / "postgresql.tar"
        self.manage(on_pg, "backup", "--output", str(plain))
        back = self.instance("pg")  # same var/ (keys), SQLite this time
        back["MEDIA_ROOT"] = str(self.tmp / "back-media")
        self.manage(back, "restore", str(plain))
        after_back = self.snapshot(back)
        self.assertSameData(before, after_back, "back on SQLite")
        self.assertEqual(after_back["search"], before["search"])

        # 4. PostgreSQL's sequences were moved past the restored rows: new rows insert.
        create = (  # Django's own model, so this test does not follow our apps' moves
            "from django.contrib.contenttypes.models import ContentType as C; "
            "C.objects.create(app_label='after', model='restore')"
        )
        self.manage(on_pg, "shell", "-c", create)
