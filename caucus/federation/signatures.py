"""HTTP Signatures: signing our requests as Mastodon does, and verifying those we receive.

We sign with draft-cavage (`Signature: keyId=…,algorithm="rsa-sha256",headers=…`) over
`(request-target) host date digest content-type`, with a `Digest: SHA-256=…` of the body: what
every ActivityPub server verifies today. We verify draft-cavage (rsa-sha256, and hs2019 with an
RSA key, as Mastodon does) with our own code on `cryptography`, and RFC 9421 HTTP Message
Signatures with the `http-message-signatures` library, under Mastodon's policy for them
(`created`, `@method`, `@target-uri` and a `Content-Digest` covered; RSA PKCS#1 v1.5 SHA-256).

Why our own draft-cavage code: the draft is a dozen lines of string building around an RSA
verify; the Python packages for it are unmaintained (httpsig needs pkg_resources and
pycryptodome) or pin an old `cryptography` (bovine) or drag in a JSON-LD stack (apsig).
"""

import base64
import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MAX_SKEW = dt.timedelta(hours=12)
SIGNED_POST = ("(request-target)", "host", "date", "digest", "content-type")
SIGNED_GET = ("(request-target)", "host", "date", "accept")
_PARAM = re.compile(r'\s*([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))\s*(?:,|$)')


class SignatureError(Exception):
    """The request is not signed as we require; the message says why (never shown remotely)."""


@dataclass(frozen=True)
class Parsed:
    """A signature's claims before verification: which key, over what."""

    scheme: str  # "cavage" or "rfc9421"
    key_id: str
    headers: tuple[str, ...] = ()
    signature: bytes = b""
    algorithm: str = ""
    created: int | None = None
    expires: int | None = None


def digest_header(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def http_date(moment: dt.datetime | None = None) -> str:
    moment = moment or dt.datetime.now(dt.UTC)
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SignatureError("not an RSA private key")
    return key


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError) as exc:
        raise SignatureError("the public key does not parse") from exc
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
        raise SignatureError("only RSA keys of 2048 bits or more are accepted")
    return key


def _signing_string(names, *, method: str, target: str, headers, parsed: Parsed) -> bytes:
    lines = []
    for name in names:
        if name == "(request-target)":
            value = f"{method.lower()} {target}"
        elif name == "(created)" and parsed.created is not None:
            value = str(parsed.created)
        elif name == "(expires)" and parsed.expires is not None:
            value = str(parsed.expires)
        else:
            value = headers.get(name)
            if value is None:
                raise SignatureError(f"signed header {name!r} is missing")
        lines.append(f"{name}: {value.strip() if isinstance(value, str) else value}")
    return "\n".join(lines).encode()


def sign_request(
    *, method: str, url: str, key_id: str, private_pem: str, body: bytes | None, accept: str = ""
) -> dict[str, str]:
    """The headers that sign a request: Host, Date, (Digest, Content-Type), Signature."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = {"host": parts.netloc, "date": http_date()}
    if body is not None:
        headers["digest"] = digest_header(body)
        headers["content-type"] = "application/activity+json"
        names = SIGNED_POST
    else:
        headers["accept"] = accept or "application/activity+json"
        names = SIGNED_GET
    base = _signing_string(
        names, method=method, target=target, headers=headers, parsed=Parsed("cavage", key_id)
    )
    signature = load_private_key(private_pem).sign(base, padding.PKCS1v15(), hashes.SHA256())
    headers["signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )
    return {name.title(): value for name, value in headers.items()}


def parse(headers) -> Parsed:
    """Which key signed the request, draft-cavage or RFC 9421; SignatureError if neither."""
    if "signature-input" in headers:
        return _parse_rfc9421(headers)
    raw = headers.get("signature") or ""
    if not raw and headers.get("authorization", "").startswith("Signature "):
        raw = headers["authorization"][len("Signature ") :]
    if not raw or len(raw) > 4096:
        raise SignatureError("no Signature header")
    params = {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _PARAM.finditer(raw)
    }
    if not params.get("keyId") or not params.get("signature"):
        raise SignatureError("the Signature header lacks keyId or signature")
    try:
        signature = base64.b64decode(params["signature"], validate=True)
        created = int(params["created"]) if "created" in params else None
        expires = int(params["expires"]) if "expires" in params else None
    except ValueError as exc:
        raise SignatureError("the Signature header does not parse") from exc
    names = tuple((params.get("headers") or "date").lower().split())
    return Parsed(
        "cavage",
        params["keyId"],
        names,
        signature,
        (params.get("algorithm") or "hs2019").lower(),
        created,
        expires,
    )


def _parse_rfc9421(headers) -> Parsed:
    import http_sf

    try:
        inputs = http_sf.parse(headers["signature-input"].encode(), tltype="dictionary")
    except Exception as exc:  # noqa: BLE001 — any parse failure is a bad header
        raise SignatureError("Signature-Input does not parse") from exc
    if len(inputs) != 1:
        raise SignatureError("exactly one RFC 9421 signature is accepted")
    ((_label, (_members, params)),) = inputs.items()
    key_id = params.get("keyid")
    if not isinstance(key_id, str) or not key_id:
        raise SignatureError("Signature-Input lacks keyid")
    created = params.get("created")
    return Parsed("rfc9421", key_id, created=created if isinstance(created, int) else None)


def check_date(headers, parsed: Parsed, now: dt.datetime | None = None) -> None:
    """The request was signed within 12 hours of now, either way (Mastodon's window)."""
    now = now or dt.datetime.now(dt.UTC)
    if parsed.created is not None:
        moment = dt.datetime.fromtimestamp(parsed.created, dt.UTC)
    else:
        if "date" not in parsed.headers and parsed.scheme == "cavage":
            raise SignatureError("the Date header is not signed")
        try:
            moment = email.utils.parsedate_to_datetime(headers.get("date", ""))
        except (TypeError, ValueError) as exc:
            raise SignatureError("no valid Date header") from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
    if abs(now - moment) > MAX_SKEW:
        raise SignatureError("the signature's date is more than 12 hours from now")
    if parsed.expires is not None and parsed.expires < now.timestamp():
        raise SignatureError("the signature has expired")


def check_digest(headers, parsed: Parsed, body: bytes) -> None:
    """A POST's body is covered: a signed Digest (SHA-256) that matches it."""
    if parsed.scheme != "cavage":
        return  # RFC 9421: the library checks the signed Content-Digest against the body
    if "digest" not in parsed.headers:
        raise SignatureError("the Digest header is not signed")
    digests = {}
    for item in (headers.get("digest") or "").split(","):
        name, _, value = item.strip().partition("=")
        digests[name.lower()] = value
    if "sha-256" not in digests:
        raise SignatureError("no SHA-256 Digest")
    if digests["sha-256"] != digest_header(body).partition("=")[2]:
        raise SignatureError("the Digest does not match the body")


def verify(
    *, parsed: Parsed, public_pem: str, method: str, target: str, url: str, headers, body: bytes
) -> None:
    """Raise SignatureError unless the request is signed by the key in `public_pem`."""
    key = load_public_key(public_pem)
    if parsed.scheme == "rfc9421":
        _verify_rfc9421(key, method=method, url=url, headers=headers, body=body)
        return
    if parsed.algorithm not in ("rsa-sha256", "hs2019"):
        raise SignatureError(f"algorithm {parsed.algorithm!r} is not supported")
    if "(request-target)" not in parsed.headers or "host" not in parsed.headers:
        raise SignatureError("(request-target) and host must be signed")
    base = _signing_string(
        parsed.headers, method=method, target=target, headers=headers, parsed=parsed
    )
    try:
        key.verify(parsed.signature, base, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SignatureError("the signature does not verify") from exc


@dataclass
class _Message:
    """The request as http-message-signatures reads it (method, absolute url, headers)."""

    method: str
    url: str
    headers: dict


def _verify_rfc9421(key, *, method: str, url: str, headers, body: bytes) -> None:
    from http_message_signatures import HTTPMessageVerifier, HTTPSignatureKeyResolver, algorithms

    class _Key(HTTPSignatureKeyResolver):
        def resolve_public_key(self, key_id: str):
            return key

    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.RSA_V1_5_SHA256, key_resolver=_Key()
    )
    verifier.max_clock_skew = MAX_SKEW
    message = _Message(method.upper(), url, dict(headers.items()))
    try:
        verifier.verify(
            message,
            max_age=MAX_SKEW,
            require_components=("@method", "@target-uri", "content-digest"),
            body=body,
        )
    except Exception as exc:  # noqa: BLE001 — InvalidSignature and malformed input alike
        raise SignatureError(f"RFC 9421 signature: {exc}") from exc
