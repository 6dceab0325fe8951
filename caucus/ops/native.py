"""The database engine's own dump, for the operator's own tools (sqlite3, pg_restore).

SQLite: the online backup API, a consistent copy taken while the site keeps writing.
PostgreSQL: pg_dump in custom format inside the snapshot the portable dump reads, so both
describe the same instant. pg_dump must be at least as new as the server.
"""

import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 — runs pg_dump, a fixed program with arguments we build
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient


class NativeDumpError(Exception):
    pass


def sqlite_copy(connection: BaseDatabaseWrapper, target: Path) -> None:
    """Copy the live SQLite database into `target` with SQLite's online backup API."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if match is None:
        raise NativeDumpError(f"cannot read pg_dump's version from {version_text!r}")
    return int(match.group(1))


def pg_dump_command(connection: BaseDatabaseWrapper) -> str:
    """pg_dump's path, after checking it exists and can dump this server."""
    program = shutil.which("pg_dump")
    server = connection.pg_version // 10000
    hint = (
        f"install PostgreSQL {server}'s client tools (Debian: postgresql-client-{server}), "
        "or back up with --no-native-dump: the portable dump alone restores everything"
    )
    if program is None:
        raise NativeDumpError(f"pg_dump is not installed: {hint}")
    version = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, check=True
    ).stdout
    if _major(version) < server:
        raise NativeDumpError(
            f"pg_dump {_major(version)} cannot dump a PostgreSQL {server} server: {hint}"
        )
    return program


def pg_dump(connection: BaseDatabaseWrapper, target: Path, snapshot: str) -> None:
    """pg_dump -Fc of the connection's database, as of the exported `snapshot`."""
    program = pg_dump_command(connection)
    args, env = DatabaseClient.settings_to_cmd_args_env(
        connection.settings_dict,
        ["--format=custom", f"--snapshot={snapshot}", f"--file={target}", "--no-password"],
    )
    result = subprocess.run(  # noqa: S603
        [program, *args[1:]],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise NativeDumpError(f"pg_dump failed: {result.stderr.strip()}")
