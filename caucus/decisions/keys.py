"""The instance's Ed25519 key that signs every ledger entry.

From LEDGER_SIGNING_KEY (32 raw bytes, hex or base64) when set, else generated once into
settings.VAR_DIR/ledger_signing_key like the secret key. Several processes may start at once,
so the file is written aside and hard-linked into place: exactly one key ever wins.
"""

import base64
import binascii
import functools
import os
import tempfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from caucus.lib.env import env_str


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


def _key_file_seed() -> bytes:
    path = settings.VAR_DIR / "ledger_signing_key"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=settings.VAR_DIR)
        try:
            os.write(fd, os.urandom(32).hex().encode())
            os.close(fd)
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process won the race; use its key
        finally:
            os.unlink(tmp)
    return _decode(path.read_text())


@functools.cache
def private_key() -> Ed25519PrivateKey:
    seed = env_str("LEDGER_SIGNING_KEY")
    return Ed25519PrivateKey.from_private_bytes(_decode(seed) if seed else _key_file_seed())


def public_key_hex() -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign(message: bytes) -> str:
    return private_key().sign(message).hex()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
