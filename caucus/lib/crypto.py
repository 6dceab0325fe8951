"""Field encryption and blind indexes for personal data (signers' and attendees' emails).

Values are encrypted with AES-256-GCM under a key named by a short key id, stored as
"<kid>:<base64(nonce || ciphertext)>", so keys can rotate: the first key in FIELD_KEYS encrypts,
every listed key decrypts. Lookups use a blind index, an HMAC-SHA256 of the normalized value
under a separate key, so equal emails can be found without ever storing one in clear.
"""

import base64
import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from caucus.lib.keys import var_key


class DecryptionError(Exception):
    pass


def _key_file(name: str) -> str:
    """A key kept in var/ (generated once), for instances that set none in the environment."""
    return var_key(
        Path(settings.VAR_DIR) / name,
        lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )


def _decode_key(kid: str, raw: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_KEYS: key {kid!r} is not base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"FIELD_KEYS: key {kid!r} must be 32 bytes")
    return key


@cache
def field_keys() -> dict[str, bytes]:
    """{kid: key}, current key first. FIELD_KEYS="k2:<base64>,k1:<base64>" in the environment."""
    spec = settings.FIELD_KEYS or f"k1:{_key_file('field_key_k1')}"
    keys: dict[str, bytes] = {}
    for item in spec.split(","):
        kid, _, raw = item.strip().partition(":")
        if not kid or not raw or not kid.isalnum():
            raise ImproperlyConfigured("FIELD_KEYS must look like 'k2:<base64>,k1:<base64>'")
        keys[kid] = _decode_key(kid, raw)
    return keys


@cache
def _index_key() -> bytes:
    raw = settings.BLIND_INDEX_KEY or _key_file("blind_index_key")
    return base64.urlsafe_b64decode(raw.encode())


def current_kid() -> str:
    return next(iter(field_keys()))


def encrypt(plaintext: str) -> str:
    kid = current_kid()
    nonce = os.urandom(12)
    sealed = AESGCM(field_keys()[kid]).encrypt(nonce, plaintext.encode(), kid.encode())
    return f"{kid}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    kid, _, body = token.partition(":")
    key = field_keys().get(kid)
    if key is None:
        raise DecryptionError(f"no key {kid!r} in FIELD_KEYS")
    try:
        raw = base64.urlsafe_b64decode(body.encode())
        return AESGCM(key).decrypt(raw[:12], raw[12:], kid.encode()).decode()
    except (ValueError, InvalidTag) as exc:
        raise DecryptionError("ciphertext was altered or the key is wrong") from exc


def needs_rotation(token: str) -> bool:
    return not token.startswith(f"{current_kid()}:")


GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalize_email(email: str) -> str:
    """The form two addresses of one mailbox share (the documented rule for duplicates):

    1. trim and lowercase the whole address;
    2. drop a "+tag" from the local part (plus addressing, honoured by most providers);
    3. for gmail.com and googlemail.com, drop dots from the local part and use gmail.com.
    """
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def blind_index(value: str) -> str:
    return hmac.new(_index_key(), value.encode(), hashlib.sha256).hexdigest()


def email_index(email: str) -> str:
    return blind_index(normalize_email(email))


class EncryptedTextField(models.TextField):
    """A text column holding only ciphertext; Python code sees the plaintext."""

    def from_db_value(self, value, expression, connection):
        return None if value in (None, "") else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value in (None, "") else encrypt(value)
