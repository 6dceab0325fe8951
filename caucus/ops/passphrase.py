"""Where the passphrase of an encrypted archive comes from: a file, the environment, a prompt."""

import getpass
import os
import sys
from pathlib import Path

from django.core.management.base import CommandError

ENV_NAME = "CAUCUS_BACKUP_PASSPHRASE"
MIN_LENGTH = 12


def read(passphrase_file: str | None, *, confirm: bool) -> str:
    """--passphrase-file, else $CAUCUS_BACKUP_PASSPHRASE, else a prompt on a terminal."""
    if passphrase_file:
        try:
            value = Path(passphrase_file).read_text().rstrip("\r\n")
        except OSError as exc:
            raise CommandError(f"cannot read the passphrase file: {exc}") from exc
    elif os.environ.get(ENV_NAME):
        value = os.environ[ENV_NAME]
    elif sys.stdin.isatty():
        value = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("Passphrase again: ") != value:
            raise CommandError("the two passphrases differ")
    else:
        raise CommandError(
            f"a passphrase is needed: --passphrase-file FILE, ${ENV_NAME}, or run on a terminal"
        )
    if confirm and len(value) < MIN_LENGTH:
        raise CommandError(f"the passphrase must have at least {MIN_LENGTH} characters")
    return value
