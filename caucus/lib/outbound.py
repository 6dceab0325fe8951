"""Outgoing HTTP to addresses strangers give us (fediverse inboxes, webhook endpoints): GETs and
POSTs that cannot be turned against our own network (SSRF).

1. The host is resolved once and every address it resolves to is checked: loopback,
   link-local, private, shared, multicast and reserved ranges are refused unless
   FEDERATION_ALLOW_PRIVATE_NETWORKS is on (the demo and the tests; refused with HTTPS by
   caucus.E101; the name predates webhooks). Plain http is refused on the same terms.
2. The connection goes to the address that was checked (no second lookup a DNS rebinding could
   answer differently); TLS still verifies the certificate for the host name.
3. Timeouts on connect and read; the body is read up to a limit and refused past it.
4. Redirects are followed for GETs only, at most three, each target checked again from step 1.

The standard library's http.client does this in a few lines because it lets us hand it the
socket; client libraries hide connection set-up behind private hooks.
"""

import http.client
import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 3
_UNSENDABLE = re.compile(r"[\x00-\x20\x7f]")  # what http.client refuses in a request line


class FetchError(Exception):
    """The request was refused before sending, failed, or its answer was unusable."""


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if settings.FEDERATION_ALLOW_PRIVATE_NETWORKS:
        return not (ip.is_multicast or ip.is_unspecified)
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The addresses of `host` that we may connect to; FetchError if none may be."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}") from exc
    addresses = []
    for info in infos:
        address = str(info[4][0])
        ip = ipaddress.ip_address(address.split("%")[0])
        if not _allowed(ip):
            raise FetchError(f"{host} resolves to a non-public address {address}")
        addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address checked beforehand, not to whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _parts(url: str) -> tuple[SplitResult, int] | None:
    """The parts and port of an http(s) URL with a host that can be sent as it is: no spaces or
    control characters, a valid port, a path and query in ASCII (an IRI's must come
    percent-encoded: http.client sends them as they are, and signatures cover them as written).
    None otherwise."""
    if not isinstance(url, str) or _UNSENDABLE.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a bad port, an unclosed [IPv6 literal
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if not (parts.path + parts.query).isascii():
        return None
    return parts, port


def is_http_url(url: str) -> bool:
    """Whether `url` is an http(s) URL we could send a request to (or link to) as it is."""
    return _parts(url) is not None


def _check_url(url: str) -> tuple[str, str, int, str]:
    checked = _parts(url)
    if checked is None:
        raise FetchError("only http(s) URLs with a host and an ASCII path are fetched")
    parts, port = checked
    if parts.scheme == "http" and not settings.FEDERATION_ALLOW_PRIVATE_NETWORKS:
        raise FetchError("plain http is refused")
    if parts.username or parts.password:
        raise FetchError("URLs with credentials are refused")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname or "", port, target  # _parts checked the host


def _send(method: str, url: str, headers: dict[str, str], body: bytes | None, limit: int):
    scheme, host, port, target = _check_url(url)
    address = resolve(host, port)[0]
    timeout = settings.FEDERATION_HTTP_TIMEOUT
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address, timeout)
    try:
        connection.request(method, target, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read(limit + 1)
        if len(data) > limit:
            raise FetchError(f"the answer is larger than {limit} bytes")
        return Response(answer.status, data, {k.lower(): v for k, v in answer.getheaders()})
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # ValueError: a header value http.client cannot encode, like any URL _check_url missed.
        raise FetchError(f"{type(exc).__name__}: {exc}"[:200]) from exc
    finally:
        connection.close()


def request(
    method: str, url: str, *, headers: dict[str, str], body: bytes | None = None, sign=None
) -> Response:
    """Send one request; `sign(url)` gives fresh signature headers for each hop of a GET.

    Raises FetchError when the URL is refused, the request fails, or the answer is too big."""
    limit = settings.FEDERATION_MAX_BODY_BYTES
    for _hop in range(MAX_REDIRECTS + 1):
        hop_headers = {**headers, **(sign(url) if sign else {})}
        hop_headers.setdefault("User-Agent", "Caucus")
        response = _send(method, url, hop_headers, body, limit)
        if method != "GET" or response.status not in (301, 302, 303, 307, 308):
            return response
        location = response.headers.get("location")
        if not location:
            return response
        url = urljoin(url, location)
    raise FetchError("too many redirects")
