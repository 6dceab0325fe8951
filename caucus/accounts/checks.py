"""System checks for settings an operator could get wrong."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from caucus.lib.network import HEADERS


@register(Tags.security, deploy=True)
def check_https(app_configs, **kwargs):
    problems = []
    if not settings.HTTPS:
        problems.append(
            Warning(
                "HTTPS is off: cookies are sent without the Secure flag and HSTS is not set.",
                hint="Serve Caucus over HTTPS and set HTTPS=true "
                "(and BEHIND_PROXY=true behind a proxy).",
                id="caucus.W001",
            )
        )
    return problems


@register()
def check_site_url(app_configs, **kwargs):
    if not settings.SITE_URL.startswith(("http://", "https://")):
        return [
            Error(
                f"SITE_URL={settings.SITE_URL!r} is not an absolute http(s) address.",
                hint="Set SITE_URL to the public address, e.g. https://caucus.example.org",
                id="caucus.E001",
            )
        ]
    return []


@register()
def check_demo_off_in_production(app_configs, **kwargs):
    if settings.CAUCUS_DEMO and settings.HTTPS:
        return [
            Error(
                "CAUCUS_DEMO is on while HTTPS is on.",
                hint="Demo shortcuts are for local demo instances: "
                "unset CAUCUS_DEMO in production.",
                id="caucus.E002",
            )
        ]
    return []


@register(Tags.security)
def check_bench_off_in_production(app_configs, **kwargs):
    """CAUCUS_BENCH routes an unauthenticated insert (bench/urls.py): never on a real site."""
    if settings.CAUCUS_BENCH and settings.HTTPS:
        return [
            Error(
                "CAUCUS_BENCH is on while HTTPS is on.",
                hint="CAUCUS_BENCH enables benchmark baselines, among them an unauthenticated "
                "insert: unset it in production.",
                id="caucus.E005",
            )
        ]
    return []


@register(Tags.security)
def check_trusted_proxies(app_configs, **kwargs):
    """Behind a proxy, every client would share the proxy's network unless we know the proxy."""
    problems = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            problems.append(
                Error(
                    f"TRUSTED_PROXIES has {entry!r}, which is not an address or a CIDR range.",
                    hint="List the load balancers' addresses, e.g. TRUSTED_PROXIES=10.0.0.0/24",
                    id="caucus.E003",
                )
            )
    if settings.FORWARDED_HEADER.strip().lower() not in HEADERS:
        problems.append(
            Error(
                f"FORWARDED_HEADER is {settings.FORWARDED_HEADER!r}: the client's address can only "
                "be read from X-Forwarded-For or Forwarded.",
                hint="Set FORWARDED_HEADER to the header your proxies write: X-Forwarded-For "
                "(HAProxy's option forwardfor, nginx's $proxy_add_x_forwarded_for) or Forwarded.",
                id="caucus.E007",
            )
        )
    if settings.BEHIND_PROXY and not settings.TRUSTED_PROXIES:
        problems.append(
            Error(
                "BEHIND_PROXY is on but TRUSTED_PROXIES is empty: every visitor would be counted "
                "as the proxy's network, so one rate limit would throttle the whole site.",
                hint="Set TRUSTED_PROXIES to the addresses or CIDR ranges of your proxies "
                "(e.g. TRUSTED_PROXIES=127.0.0.1,10.0.0.0/24).",
                id="caucus.E004",
            )
        )
    return problems


# Backends whose data lives in one process: each web worker would keep its own rate limits.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, Tags.security)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits (signing, following, allauth's logins) count in the default cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rpartition('.')[2]}) keeps its data in each process: "
            "every web worker (bin/serve starts 3) counts rate limits and failed logins on "
            "its own, so each limit is multiplied by the number of workers.",
            hint="Leave CACHES to Caucus's default (the database cache, see settings.py) or set "
            "REDIS_URL.",
            id="caucus.W030",
        )
    ]
