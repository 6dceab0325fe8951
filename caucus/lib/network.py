"""The client's address and network, as seen through the proxies the operator trusts.

Every limit or record of a client by address or network goes through `client_ip` (or
`client_network`, its /24 or /48): signing and following a case (signatures/abuse.py), RSVPs
and outside hosts' proposals (campaigns/limits.py), the API's per-network limits
(api/http.py), the truncated prefix stored with a signature, the /metrics allowlist
(ops/views/metrics.py), and allauth's login, failed-login, password-reset and login-code limits,
through the account adapter's `get_client_ip` (accounts/adapter.py). None of our code reads
REMOTE_ADDR or X-Forwarded-For elsewhere.

Behind a load balancer REMOTE_ADDR is the balancer. TRUSTED_PROXIES (addresses or CIDR ranges)
names the hops whose forwarding headers we believe:

1. If the immediate peer (REMOTE_ADDR) is not trusted, it is the client; forwarding headers are
   ignored, so a client cannot forge its address by sending them.
2. Otherwise walk the forwarded chain from the right, skipping trusted hops; the first
   untrusted address is the client. If every hop is trusted, the leftmost one is. The chain is
   read from the one header the operator's proxies write (FORWARDED_HEADER: X-Forwarded-For,
   the default, or Forwarded), never from the other: a proxy that writes X-Forwarded-For and
   passes a client's own `Forwarded` through untouched (nginx does, unless told otherwise)
   would otherwise let any client name its address.
3. Anything that does not parse as an address ends the walk: we cannot tell who is behind it,
   so the last good hop (a trusted proxy) stands for the client.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# for=<node> inside one element of RFC 7239 `Forwarded`; quoted or not.
_FORWARDED_FOR = re.compile(r'(?:^|;)\s*for\s*=\s*("[^"]*"|[^;,\s]*)', re.IGNORECASE)


def parse_address(text: str) -> IPAddress | None:
    """An address from a header value: bare, `[v6]`, `[v6]:port`, `v4:port`; None if not one."""
    value = text.strip().strip('"').strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.partition(":")[0]
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_networks() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def is_trusted(ip: IPAddress) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted_networks())


HEADERS = {"x-forwarded-for": "HTTP_X_FORWARDED_FOR", "forwarded": "HTTP_FORWARDED"}


def forwarded_chain(meta: dict) -> list[str]:
    """The forwarded hops, client first, from the header FORWARDED_HEADER names."""
    key = HEADERS[settings.FORWARDED_HEADER.strip().lower()]
    if key == "HTTP_FORWARDED":
        hops = []
        for element in meta.get(key, "").split(","):
            match = _FORWARDED_FOR.search(element)
            hops.append(match.group(1) if match else "")
        return hops
    return meta.get(key, "").split(",")


def client_ip(request: HttpRequest) -> IPAddress | None:
    """The address of the client that sent this request (see the module's docstring)."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None or not is_trusted(peer):
        return peer
    client = peer
    for hop in reversed(forwarded_chain(request.META)):
        ip = parse_address(hop)
        if ip is None:
            break
        client = ip
        if not is_trusted(ip):
            break
    return client


def network_of(ip: IPAddress | None) -> str:
    """The network limits count and signatures store: /24 for IPv4, /48 for IPv6; "" unknown."""
    if ip is None:
        return ""
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def client_network(request: HttpRequest) -> str:
    return network_of(client_ip(request))
