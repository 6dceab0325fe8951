"""System checks for settings an operator could get wrong."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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
