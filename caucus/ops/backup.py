"""Write a backup archive: the engine's own dump, every table as portable JSON lines, the
uploaded media (public ones under media/, case photos from the private storage under
private/), the keys on request, and a manifest (versions, migrations, counts, checksums).
"""

import datetime
import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from caucus.lib.storage import private_storage
from caucus.ops import archive, keys, migrations_state, native
from caucus.ops.tables import Table, dumped_models

# The archive's folder for each storage: what anyone may fetch (default_storage), and what
# only the application reads (case photos, STORAGES["private"], caucus/lib/storage.py).
MEDIA_STORES: dict[str, Callable[[], Storage]] = {
    "media": lambda: default_storage,
    "private": private_storage,
}
SQLITE_DUMP = "database/caucus.sqlite3"
PG_DUMP = "database/caucus.pgdump"


class BackupError(Exception):
    pass


@dataclass
class Summary:
    tables: dict[str, int] = field(default_factory=dict)
    media: int = 0
    native_dump: str | None = None


def _export_tables(connection: BaseDatabaseWrapper, staging: Path) -> tuple[dict, dict]:
    """Every table into staging/data/<table>.jsonl; returns (migrations, {table: rows})."""
    migrations = migrations_state.applied(connection)
    if newer := migrations_state.unknown(migrations):
        raise BackupError(
            "the database has migrations this code does not know "
            f"({', '.join(newer[:3])}): back up with the code that applied them"
        )
    (staging / "data").mkdir()
    counts = {}
    for model in dumped_models(migrations_state.state_apps(migrations)):
        table = Table(connection, model)
        with open(staging / "data" / f"{table.name}.jsonl", "w", encoding="utf-8") as out:
            counts[table.name] = table.export(out)
    return migrations, counts


@contextmanager
def _sqlite_copy_connection(path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A private connection to a copy of the SQLite database (no WAL, no write lock), kept
    out of django.db.connections so nothing else ever uses it."""
    settings_dict = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": str(path), "OPTIONS": {}}
    backend = load_backend(settings_dict["ENGINE"])
    connection = backend.DatabaseWrapper(settings_dict, "caucus_ops_backup_copy")
    try:
        yield connection
    finally:
        connection.close()


def _dump_sqlite(connection, staging: Path, native_dump: bool) -> tuple[dict, dict, str | None]:
    copy = staging / SQLITE_DUMP
    copy.parent.mkdir()
    native.sqlite_copy(connection, copy)
    with _sqlite_copy_connection(copy) as copy_connection:
        migrations, counts = _export_tables(copy_connection, staging)
    if not native_dump:
        copy.unlink()
        copy.parent.rmdir()
    return migrations, counts, SQLITE_DUMP if native_dump else None


def _dump_postgresql(connection, staging: Path, native_dump: bool) -> tuple[dict, dict, str | None]:
    if connection.in_atomic_block:
        raise BackupError("a backup must start outside any transaction")
    if native_dump:
        native.pg_dump_command(connection)  # fail before the work if pg_dump cannot do it
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            # One snapshot for pg_dump and the portable tables: both show the same instant.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        if native_dump:
            (staging / PG_DUMP).parent.mkdir()
            native.pg_dump(connection, staging / PG_DUMP, snapshot)
        migrations, counts = _export_tables(connection, staging)
    return migrations, counts, PG_DUMP if native_dump else None


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}{sub}/")


def media_names(storage: Storage = default_storage) -> list[str]:
    return list(_walk(storage))


def _copy_media(staging: Path) -> int:
    count = 0
    for folder, store in MEDIA_STORES.items():
        storage = store()
        for name in media_names(storage):
            target = staging / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(target, "wb") as out:
                for block in iter(lambda: source.read(1 << 20), b""):
                    out.write(block)
            count += 1
    return count


def backup_write(*, output: Path, passphrase: str | None, native_dump: bool = True) -> Summary:
    """Write the archive to `output`; with a passphrase it carries the keys and is sealed."""
    connection = connections[DEFAULT_DB_ALIAS]
    dump = _dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite
    with tempfile.TemporaryDirectory(prefix=".caucus-backup-", dir=output.parent) as tmp:
        staging = Path(tmp, "staging")
        staging.mkdir()
        migrations, counts, native_name = dump(connection, staging, native_dump)
        media = _copy_media(staging)
        if passphrase is not None:
            (staging / "keys.json").write_text(json.dumps(keys.current(), indent=2))
        manifest = {
            "caucus_version": archive.caucus_version(),
            "django_version": django.get_version(),
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": connection.vendor,
            "native_dump": native_name,
            "migrations": migrations,
            "tables": counts,
            "media": {"storage": type(default_storage).__name__, "files": media},
            "keys_included": passphrase is not None,
            "key_fingerprints": keys.fingerprints(),
        }
        archive.write(staging, manifest, output, passphrase)
    return Summary(tables=counts, media=media, native_dump=native_name)
