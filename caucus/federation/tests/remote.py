"""A remote fediverse account for the tests: its own RSA key, signing with apsig (not our code).

`RemoteAccount.signed_post` builds the headers Mastodon sends (draft-cavage over
(request-target), host, date, digest); `document()` is its actor document, which the tests
serve in place of a fetch (unit tests never touch the network; test_interop serves it for real).
"""

import json
from urllib.parse import urlsplit

from apsig.draft.sign import Signer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

_KEYS: dict[int, rsa.RSAPrivateKey] = {}


def _key(bits: int = 2048) -> rsa.RSAPrivateKey:
    """One key per size for the whole run: generating RSA keys is slow."""
    if bits not in _KEYS:
        _KEYS[bits] = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return _KEYS[bits]


class RemoteAccount:
    def __init__(self, base: str = "https://remote.example", name: str = "alice", bits: int = 2048):
        self.base = base.rstrip("/")
        self.uri = f"{self.base}/users/{name}"
        self.key_id = self.uri + "#main-key"
        self.inbox = self.uri + "/inbox"
        self.shared_inbox = self.base + "/inbox"
        self.name = name
        self.private_key = _key(bits)

    @property
    def public_pem(self) -> str:
        return (
            self.private_key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def document(self) -> dict:
        return {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.uri,
            "type": "Person",
            "preferredUsername": self.name,
            "inbox": self.inbox,
            "endpoints": {"sharedInbox": self.shared_inbox},
            "publicKey": {"id": self.key_id, "owner": self.uri, "publicKeyPem": self.public_pem},
        }

    def follow(self, target: str, number: int = 1) -> dict:
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{self.uri}/follows/{number}",
            "type": "Follow",
            "actor": self.uri,
            "object": target,
        }

    def signed_headers(self, url: str, body: bytes, **overrides) -> dict[str, str]:
        """apsig's draft-cavage headers for a POST of `body` to `url`."""
        headers = {"Content-Type": "application/activity+json", **overrides}
        signed = Signer(
            headers=headers,
            private_key=self.private_key,
            method="POST",
            url=url,
            key_id=self.key_id,
            body=body,
        ).sign()
        signed.pop("authorization", None)
        signed.pop("Authorization", None)
        return signed


def meta(headers: dict[str, str]) -> dict[str, str]:
    """Headers as Django's test client takes them (HTTP_*; Content-Type is its own argument)."""
    out = {}
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            continue
        out[key if key == "CONTENT_LENGTH" else f"HTTP_{key}"] = value
    return out


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def dumps(data) -> bytes:
    return json.dumps(data).encode()
