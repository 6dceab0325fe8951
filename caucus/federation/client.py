"""Outgoing HTTP for federation: the SSRF-guarded client of caucus/lib/outbound.py (webhooks
use it too), named as an ActivityPub server."""

from caucus.lib import outbound
from caucus.lib.outbound import FetchError, Response, is_http_url, resolve

__all__ = ["FetchError", "Response", "is_http_url", "request", "resolve"]


def request(
    method: str, url: str, *, headers: dict[str, str], body: bytes | None = None, sign=None
) -> Response:
    headers = {"User-Agent": "Caucus (ActivityPub)", **headers}
    return outbound.request(method, url, headers=headers, body=body, sign=sign)
