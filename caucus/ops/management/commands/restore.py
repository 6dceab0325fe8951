"""manage.py restore FILE: load a backup archive into an empty database and media store."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caucus.ops import passphrase
from caucus.ops.archive import Archive, ArchiveError
from caucus.ops.restore import RestoreError, restore_archive


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` (from SQLite or PostgreSQL) into an "
        "empty database; refuses a database with data unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="the archive file")
        parser.add_argument(
            "--force", action="store_true", help="replace the data already in the database"
        )
        parser.add_argument(
            "--allow-other-keys",
            action="store_true",
            help="restore although this instance's keys differ from the archive's",
        )
        parser.add_argument("--passphrase-file", help="file holding the archive's passphrase")

    def handle(self, *args, archive: str, force: bool, allow_other_keys: bool, **options):
        def ask() -> str:
            return passphrase.read(options["passphrase_file"], confirm=False)

        try:
            with Archive(Path(archive), ask) as opened:
                outcome = restore_archive(
                    archive=opened,
                    force=force,
                    allow_other_keys=allow_other_keys,
                    progress=lambda message: self.stdout.write(f"… {message}"),
                )
        except (ArchiveError, RestoreError) as exc:
            raise CommandError(f"Restore stopped: {exc}") from exc
        rows = sum(outcome.tables.values())
        self.stdout.write(
            f"Restored {len(outcome.tables)} tables, {rows} rows, {outcome.media} media files."
        )
        for note in outcome.notes:
            self.stdout.write(f"Note: {note}")
