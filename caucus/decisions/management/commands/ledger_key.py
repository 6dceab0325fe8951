"""The instance's ledger signing keys: list the history, rotate, or record a replaced key."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caucus.decisions import keys, rotation


class Command(BaseCommand):
    help = (
        "list: the key history. rotate: a new key signed in by the current one (restart the "
        "app servers and workers afterwards). adopt: record the key in use without a "
        "rotation, when the previous key was lost."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["list", "rotate", "adopt"])
        parser.add_argument(
            "--seed-out",
            type=Path,
            help="where to write the new seed when LEDGER_SIGNING_KEY is set",
        )

    def handle(self, *args, action: str, seed_out: Path | None, **options) -> None:
        try:
            if action == "rotate":
                row = rotation.rotate(seed_out=seed_out)
                self.stdout.write(f"Rotated to {row.key_id} ({row.public_key}). Restart now.")
            elif action == "adopt":
                row = rotation.adopt()
                self.stdout.write(f"Recorded {row.key_id} without a rotation signature.")
            else:
                keys.current_record()
        except rotation.RotationError as exc:
            raise CommandError(str(exc)) from exc
        for key in keys.history():
            until = key["valid_until"] or "now"
            self.stdout.write(f"{key['key_id']} {key['public_key']} {key['valid_from']} – {until}")
