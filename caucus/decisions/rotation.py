"""Rotating the instance's ledger signing key without invalidating past votes.

The new key is introduced by a statement the current key signs, recorded in the published
key history; the current seed is kept in VAR_DIR/ledger_keys/<key id> so votes already open
finish with the key their manifest names (caucus/decisions/keys.py, docs/ledger-format.md).
"""

import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone

from caucus.audit.services import audit_record
from caucus.decisions import keys
from caucus.decisions.ledger import iso
from caucus.decisions.models import LedgerKey
from caucus.lib.env import env_str


class RotationError(Exception):
    """The rotation cannot be done as asked; nothing was changed."""


def _write_private(path: Path, seed: bytes) -> None:
    """Write a seed readable by this user only, atomically replacing any file there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, seed.hex().encode())
        os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def rotate(*, seed_out: Path | None = None) -> LedgerKey:
    """Make a new key, signed in by the current one; returns its history row.

    With LEDGER_SIGNING_KEY in the environment the new seed goes to `seed_out` (the operator
    then sets the variable to it and restarts); otherwise it replaces var/ledger_signing_key.
    """
    from_env = bool(env_str("LEDGER_SIGNING_KEY"))
    if from_env and seed_out is None:
        raise RotationError(
            "LEDGER_SIGNING_KEY is set: give --seed-out FILE for the new seed, then set the "
            "variable to it and restart."
        )
    current = keys.current_record()
    old = keys.private_key()
    new = Ed25519PrivateKey.generate()
    public = keys.public_hex(new)
    now = timezone.now()
    statement = keys.rotation_statement(
        key_id=keys.key_id(public),
        public_key=public,
        previous=current.key_id,
        valid_from=iso(now),
    )
    # The retired seed first: open votes name it, and must still be signed after a restart.
    _write_private(Path(keys.retired_dir()) / current.key_id, old.private_bytes_raw())
    with transaction.atomic():
        LedgerKey.objects.filter(pk=current.pk).update(valid_until=now)
        row = LedgerKey.objects.create(
            key_id=keys.key_id(public),
            public_key=public,
            valid_from=now,
            previous=current,
            rotation_signature=old.sign(statement.encode()).hex(),
        )
        audit_record(
            actor=None, action="ledger_key.rotated", previous=current.key_id, key=row.key_id
        )
        _write_private(seed_out if from_env else keys.key_file(), new.private_bytes_raw())
    keys.private_key.cache_clear()
    return row


def adopt() -> LedgerKey:
    """Record the key in use as the newest without a rotation signature: for an instance whose
    previous key was lost. Verifiers say so; members must then trust the new key themselves."""
    public = keys.public_key_hex()
    now = timezone.now()
    with transaction.atomic():
        newest = LedgerKey.objects.select_for_update().order_by("-valid_from", "-pk").first()
        if newest is not None and newest.public_key == public:
            raise RotationError("This key is already the newest of the history.")
        if LedgerKey.objects.filter(public_key=public).exists():
            raise RotationError("This key was retired; a retired key cannot come back.")
        if newest is not None:
            LedgerKey.objects.filter(pk=newest.pk).update(valid_until=now)
        row = LedgerKey.objects.create(
            key_id=keys.key_id(public), public_key=public, valid_from=now, previous=newest
        )
        audit_record(actor=None, action="ledger_key.adopted", key=row.key_id)
    return row
