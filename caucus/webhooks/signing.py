"""How a webhook's POST is signed, and how a receiver checks it (docs/osdi.md shows the same
in ten lines): HMAC-SHA256 with the webhook's secret over `<timestamp>.<body>`.

    X-Caucus-Timestamp: 1767225600
    X-Caucus-Signature: sha256=<hex>

Signing the time with the body lets a receiver refuse a replayed request (older than a few
minutes) without keeping the ones it has seen.
"""

import hashlib
import hmac

TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def headers(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "X-Caucus-Timestamp": str(timestamp),
        "X-Caucus-Signature": signature(secret, timestamp, body),
    }


def verify(secret: str, timestamp: str, body: bytes, sent: str, now: int) -> bool:
    """What a receiver does: the signature matches and the time is recent."""
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs(now - moment) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(signature(secret, moment, body), sent)
