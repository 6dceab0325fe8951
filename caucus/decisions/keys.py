"""The instance's Ed25519 keys that sign ledger entries, and their published history.

The current key comes from LEDGER_SIGNING_KEY (32 raw bytes, hex or base64) when set, else
it is generated once into settings.VAR_DIR/ledger_signing_key like the secret key, by
caucus/lib/keys.py: when several processes start at once, exactly one key ever wins.

Every key is recorded in the LedgerKey history with its validity; a rotation
(`manage.py ledger_key rotate`) is signed by the previous key, and the retired seed stays in
VAR_DIR/ledger_keys/<key id> so that votes opened before it finish with the key their
manifest names (issue "Verifiable ballots", 6). The history is public at /ledger-keys.json.
"""

import base64
import binascii
import functools
import hashlib
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from caucus.lib.env import env_str
from caucus.lib.keys import var_key


def _decode(value: str) -> bytes:
    value = value.strip()
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        try:
            raw = base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured("LEDGER_SIGNING_KEY is neither hex nor base64.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured("LEDGER_SIGNING_KEY must be 32 bytes (an Ed25519 seed).")
    return raw


def key_file() -> Path:
    return Path(settings.VAR_DIR) / "ledger_signing_key"


def _key_file_seed() -> bytes:
    return _decode(var_key(key_file(), lambda: os.urandom(32).hex()))


def retired_dir() -> Path:
    return Path(settings.VAR_DIR) / "ledger_keys"


@functools.cache
def private_key() -> Ed25519PrivateKey:
    """The current key (a process started before a rotation keeps the old one until restart)."""
    seed = env_str("LEDGER_SIGNING_KEY")
    return Ed25519PrivateKey.from_private_bytes(_decode(seed) if seed else _key_file_seed())


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes_raw().hex()


def public_key_hex() -> str:
    return public_hex(private_key())


def key_id(public_key: str) -> str:
    """A key's short name: the first 16 hex digits of SHA-256 of its 32 raw bytes."""
    return hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16]


def private_key_for(public_key: str) -> Ed25519PrivateKey:
    """The private key of `public_key` (a manifest's): the current one or a retired one."""
    if public_key == public_key_hex():
        return private_key()
    return _retired(public_key)


@functools.cache
def _retired(public_key: str) -> Ed25519PrivateKey:
    path = retired_dir() / key_id(public_key)
    if not path.exists():
        raise ImproperlyConfigured(
            f"The ledger key {key_id(public_key)} that signs an open vote is not available: "
            f"restore {path} (kept by `manage.py ledger_key rotate`) or restart with that key."
        )
    key = Ed25519PrivateKey.from_private_bytes(_decode(path.read_text()))
    if public_hex(key) != public_key:
        raise ImproperlyConfigured(f"{path} holds another key than its name says.")
    return key


def sign(message: bytes) -> str:
    return private_key().sign(message).hex()


def verify(public_hex_: str, message: bytes, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex_))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- The published history ------------------------------------------------------------------


def rotation_statement(*, key_id: str, public_key: str, previous: str, valid_from: str) -> str:
    """What the previous key signs to introduce the next (docs/ledger-format.md)."""
    data = {
        "format": "caucus-key-rotation/1",
        "key_id": key_id,
        "previous": previous,
        "public_key": public_key,
        "valid_from": valid_from,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def current_record():
    """The LedgerKey row of the key this process signs new votes with, recorded on first use.

    Refuses when the key in use is not the newest of the history: a key replaced without a
    signed rotation (ledger review, case 14), or a process not restarted after a rotation.
    """
    from caucus.decisions.models import LedgerKey

    public = public_key_hex()
    with transaction.atomic():
        newest = LedgerKey.objects.select_for_update().order_by("-valid_from", "-pk").first()
        if newest is None:
            return LedgerKey.objects.create(
                key_id=key_id(public), public_key=public, valid_from=timezone.now()
            )
    if newest.public_key != public or newest.valid_until is not None:
        raise ImproperlyConfigured(
            "This process signs with a ledger key that is not the newest of the published key "
            "history: restart it after `manage.py ledger_key rotate`, or record a replaced key "
            "with `manage.py ledger_key adopt`."
        )
    return newest


def history() -> list[dict]:
    """Every instance key with its validity, oldest first, as published and exported."""
    from caucus.decisions.ledger import iso
    from caucus.decisions.models import LedgerKey

    return [
        {
            "key_id": row.key_id,
            "public_key": row.public_key,
            "valid_from": iso(row.valid_from),
            "valid_until": iso(row.valid_until) if row.valid_until else None,
            "previous": row.previous.key_id if row.previous else None,
            "rotation_signature": row.rotation_signature or None,
        }
        for row in LedgerKey.objects.select_related("previous").order_by("valid_from", "pk")
    ]
