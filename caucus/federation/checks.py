"""System checks for federation settings an operator could get wrong."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def check_private_networks(app_configs, **kwargs):
    """Fetching from private networks is for the demo and the tests, never behind HTTPS."""
    if settings.FEDERATION_ALLOW_PRIVATE_NETWORKS and settings.HTTPS:
        return [
            Error(
                "FEDERATION_ALLOW_PRIVATE_NETWORKS is on while HTTPS is on.",
                hint="It lets remote servers make Caucus fetch addresses inside your network. "
                "Unset it in production; it is for `make run` and the tests on 127.0.0.1.",
                id="caucus.E101",
            )
        ]
    return []
