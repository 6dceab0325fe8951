"""System checks for operations: keys that only one machine knows, the /metrics allowlist,
case photos kept apart from the public files on S3."""

import ipaddress

import dj_database_url
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from caucus.ops import keys


def _uses_postgresql() -> bool:
    url = getattr(settings, "DATABASE_URL", "")
    return bool(url) and "postgresql" in dj_database_url.parse(url)["ENGINE"]


@register()
def check_keys_in_var(app_configs, **kwargs):
    """On PostgreSQL there may be several machines; each would generate keys of its own."""
    if not _uses_postgresql():
        return []
    generated = keys.from_var()
    if not generated:
        return []
    return [
        Warning(
            f"{', '.join(generated)} come from files generated in {settings.VAR_DIR} while "
            "DATABASE_URL points to PostgreSQL: every other machine would generate different "
            "keys, so emails would not decrypt, blind indexes would not match and ledgers "
            "would not verify across them.",
            hint="Set " + ", ".join(generated) + " in the environment (or as NAME_FILE "
            "secrets), the same on every machine; the values now in use are in var/.",
            id="caucus.W020",
        )
    ]


@register()
def check_metrics_networks(app_configs, **kwargs):
    problems = []
    for entry in getattr(settings, "METRICS_ALLOWED_NETWORKS", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            problems.append(
                Error(
                    f"METRICS_ALLOWED_NETWORKS has {entry!r}, which is not an address or a "
                    "CIDR range.",
                    hint="List the scrapers' networks, e.g. METRICS_ALLOWED_NETWORKS=10.0.5.0/24",
                    id="caucus.E020",
                )
            )
    return problems


@register(Tags.security)
def check_private_bucket(app_configs, **kwargs):
    """With S3, case photos need a bucket the public cannot read (caucus/lib/storage.py)."""
    if not settings.S3_BUCKET:
        return []
    if not settings.S3_PRIVATE_BUCKET:
        return [
            Error(
                "S3_BUCKET is set but S3_PRIVATE_BUCKET is not: case photos, protected cases' "
                "too, would be stored in the bucket that serves logos to everyone.",
                hint="Create a bucket with all public access blocked and set S3_PRIVATE_BUCKET "
                "to it (same endpoint and keys as S3_BUCKET); see README, 'Running in "
                "production'.",
                id="caucus.E040",
            )
        ]
    if settings.S3_PRIVATE_BUCKET == settings.S3_BUCKET:
        return [
            Warning(
                "S3_PRIVATE_BUCKET is the public bucket: case photos are under private/ in a "
                "bucket that serves logos to everyone.",
                hint="Use a separate bucket with all public access blocked, or make sure the "
                "bucket's policy allows public reads of logos/, headers/ and events/ only.",
                id="caucus.W041",
            )
        ]
    return []
