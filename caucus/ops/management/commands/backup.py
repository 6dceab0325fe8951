"""manage.py backup --output FILE: one archive with the database, media and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caucus.ops import passphrase
from caucus.ops.backup import BackupError, backup_write
from caucus.ops.native import NativeDumpError


class Command(BaseCommand):
    help = (
        "Back up the database (engine dump and portable tables), uploaded media and a "
        "manifest into one archive. --include-keys adds the keys and encrypts the archive."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="the archive to write (e.g. x.tar)")
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="add SECRET_KEY, FIELD_KEYS, BLIND_INDEX_KEY, LEDGER_SIGNING_KEY and encrypt",
        )
        parser.add_argument("--passphrase-file", help="file holding the encryption passphrase")
        parser.add_argument(
            "--no-native-dump",
            action="store_true",
            help="leave out the engine's own dump (pg_dump / SQLite copy); restore never needs it",
        )

    def handle(self, *args, output: str, include_keys: bool, **options) -> None:
        target = Path(output).resolve()
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a folder")
        secret = passphrase.read(options["passphrase_file"], confirm=True) if include_keys else None
        try:
            summary = backup_write(
                output=target, passphrase=secret, native_dump=not options["no_native_dump"]
            )
        except (BackupError, NativeDumpError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"Wrote {target}: {len(summary.tables)} tables, {rows} rows, "
            f"{summary.media} media files"
            + (f", engine dump {summary.native_dump}" if summary.native_dump else "")
            + (", keys included (encrypted)" if include_keys else "")
            + "."
        )
        if not include_keys:
            self.stdout.write(
                "No keys in this archive: keep FIELD_KEYS, BLIND_INDEX_KEY, LEDGER_SIGNING_KEY "
                "and SECRET_KEY safe elsewhere, or back up with --include-keys."
            )
