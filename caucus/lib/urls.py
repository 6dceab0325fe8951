"""The site's own address: absolute links for emails, feeds and calendars (where no request
says how the site was reached), and its host name for the identifiers it mints."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) on SITE_URL (with or without its slash)."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """SITE_URL's host name, lowercase and without the port: the domain part of the UIDs,
    Message-IDs and tag: URIs the site mints (they must not change when only a port does)."""
    return urlsplit(settings.SITE_URL).hostname or "caucus.invalid"
