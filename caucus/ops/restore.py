"""Restore a backup archive into an empty database (and media store), from either engine.

1. verify the archive: format, every member listed and matching its checksum;
2. refuse migrations this code does not know, a non-empty target (unless forced), keys that
   cannot take effect (archive with keys) or that differ from this instance's (without keys);
3. migrate the database to exactly the archive's migrations, then in one transaction empty
   every table and load the portable tables, check counts and foreign keys, reset sequences;
4. migrate forward to this code's migrations, put the media back, install the keys.

The engine's own dump in the archive is for the operator's tools; restore always loads the
portable tables, so the same archive restores into SQLite or PostgreSQL.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.exceptions import IrreversibleError

from caucus.lib.storage import private_storage
from caucus.ops import keys, migrations_state
from caucus.ops.archive import Archive
from caucus.ops.backup import MEDIA_STORES, media_names
from caucus.ops.tables import Table, dumped_models

# Filled by `migrate` itself, so an empty database has rows here.
MIGRATE_FILLED = {"django_content_type", "auth_permission"}


class RestoreError(Exception):
    pass


@dataclass
class Outcome:
    tables: dict[str, int] = field(default_factory=dict)
    media: int = 0
    notes: list[str] = field(default_factory=list)


def occupied() -> list[str]:
    """What already holds data here: tables with rows (beyond migrate's own) and media."""
    connection = connections[DEFAULT_DB_ALIAS]
    existing = set(connection.introspection.table_names())
    found = []
    for model in dumped_models(apps):
        table = model._meta.db_table
        if table in existing and table not in MIGRATE_FILLED and Table(connection, model).count():
            found.append(table)
    if any(media_names(store()) for store in MEDIA_STORES.values()):
        found.append("media files")
    return found


def _check(archive: Archive, force: bool, allow_other_keys: bool) -> dict[str, str] | None:
    """Everything that can refuse the restore, before anything changes; the archive's keys."""
    archive.verify()
    if newer := migrations_state.unknown(archive.manifest["migrations"]):
        raise RestoreError(
            f"the archive comes from newer code (migrations {', '.join(newer[:3])} are unknown "
            "here): upgrade Caucus first"
        )
    if not force and (busy := occupied()):
        raise RestoreError(
            f"the target is not empty ({', '.join(busy[:5])}): restore into a new database, "
            "or pass --force to replace everything in it"
        )
    if "keys.json" not in archive.manifest["files"]:
        wrong = keys.mismatches(archive.manifest.get("key_fingerprints", {}))
        if wrong and not allow_other_keys:
            raise RestoreError(
                f"this instance's {', '.join(wrong)} differ from the archive's: stored emails "
                "would not decrypt and ledgers would not verify. Set the same keys, or restore "
                "an archive made with --include-keys (--allow-other-keys restores anyway)"
            )
        return None
    archived = json.load(archive.open("keys.json"))
    if (problems := keys.conflicts(archived)) and not force:
        raise RestoreError(
            "the archive's keys cannot take effect here: "
            + "; ".join(problems)
            + ". Unset those variables, or set them to the archive's values (with --force, "
            f"restore goes on and writes them to var/{keys.ENV_FILE})"
        )
    return archived


def _load_tables(archive: Archive, migrations: dict) -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    expected: dict[str, int] = archive.manifest["tables"]
    models = dumped_models(migrations_state.state_apps(migrations))
    tables = {model._meta.db_table: Table(connection, model) for model in models}
    if set(tables) != set(expected):
        raise RestoreError("the archive's tables differ from the schema of its migrations")
    loaded = {}
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        for table in tables.values():
            table.delete_all()
        for name, table in tables.items():
            loaded[name] = table.load(archive.lines(f"data/{name}.jsonl"))
            if loaded[name] != expected[name]:
                raise RestoreError(f"{name}: {loaded[name]} rows, manifest {expected[name]}")
        connection.check_constraints(table_names=list(tables))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return loaded


# Archives written before case photos had a storage of their own (solidarity migration 0005)
# hold them under media/cases/: they go back to the private storage all the same.
PRIVATE_BEFORE = "cases/"


def _restore_media(archive: Archive) -> int:
    count = 0
    for folder, store in MEDIA_STORES.items():
        for member in archive.names(f"{folder}/"):
            name = member.removeprefix(f"{folder}/")
            storage = private_storage() if name.startswith(PRIVATE_BEFORE) else store()
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.open(member)))
            if saved != name:
                raise RestoreError(f"media file {name} was stored as {saved}")
            count += 1
    return count


def restore_archive(
    *,
    archive: Archive,
    force: bool = False,
    allow_other_keys: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> Outcome:
    archived_keys = _check(archive, force, allow_other_keys)
    migrations = archive.manifest["migrations"]
    connection = connections[DEFAULT_DB_ALIAS]
    progress("migrating the database to the archive's migrations")
    try:
        migrations_state.migrate_to(connection, migrations)
    except IrreversibleError as exc:
        raise RestoreError(
            f"this database is past the archive's migrations and cannot go back ({exc}): "
            "restore into a new database that was never migrated"
        ) from exc
    progress("loading the tables")
    outcome = Outcome(tables=_load_tables(archive, migrations))
    progress("migrating forward to this code's migrations")
    call_command("migrate", interactive=False, verbosity=0)
    outcome.media = _restore_media(archive)
    if archived_keys is not None:
        outcome.notes += keys.conflicts(archived_keys)
        outcome.notes += keys.install(archived_keys)
    else:
        outcome.notes.append(
            "the archive holds no keys: this instance must use the same FIELD_KEYS, "
            "BLIND_INDEX_KEY and LEDGER_SIGNING_KEY as the one backed up (checked: they match)"
            if not keys.mismatches(archive.manifest.get("key_fingerprints", {}))
            else "the archive holds no keys and this instance's differ: emails will not decrypt"
        )
    return outcome
