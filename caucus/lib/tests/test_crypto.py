import base64
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from caucus.lib import crypto


def key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture(autouse=True)
def fresh_keys():
    crypto.field_keys.cache_clear()
    yield
    crypto.field_keys.cache_clear()


def test_it_round_trips_and_never_stores_plaintext():
    token = crypto.encrypt("ana@example.org")
    assert "ana" not in token and "example" not in token
    assert crypto.decrypt(token) == "ana@example.org"
    assert crypto.encrypt("ana@example.org") != token  # fresh nonce each time


def test_keys_rotate():
    old, new = key(), key()
    with override_settings(FIELD_KEYS=f"k1:{old}"):
        crypto.field_keys.cache_clear()
        token = crypto.encrypt("x@example.org")
    with override_settings(FIELD_KEYS=f"k2:{new},k1:{old}"):
        crypto.field_keys.cache_clear()
        assert crypto.needs_rotation(token)
        assert crypto.decrypt(token) == "x@example.org"
        assert crypto.encrypt("x@example.org").startswith("k2:")
    with override_settings(FIELD_KEYS=f"k2:{new}"):
        crypto.field_keys.cache_clear()
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(token)


def test_tampering_is_detected():
    token = crypto.encrypt("x@example.org")
    kid, body = token.split(":")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{kid}:{base64.urlsafe_b64encode(bytes(raw)).decode()}")


def test_bad_key_configuration_is_refused():
    with override_settings(FIELD_KEYS="k1:short"):
        with pytest.raises(ImproperlyConfigured):
            crypto.field_keys()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ana.Silva@Gmail.com", "anasilva@gmail.com"),
        ("ana.silva+petition@googlemail.com", "anasilva@gmail.com"),
        ("  Bob+x@Example.ORG ", "bob@example.org"),
    ],
)
def test_mailbox_variants_share_one_index(a, b):
    assert crypto.normalize_email(a) == crypto.normalize_email(b)
    assert crypto.email_index(a) == crypto.email_index(b)


def test_dots_matter_outside_gmail():
    assert crypto.email_index("a.b@example.org") != crypto.email_index("ab@example.org")
