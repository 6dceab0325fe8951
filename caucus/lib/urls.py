"""The site's own address: absolute links for emails, feeds, calendars and API answers, all on
SITE_URL, never on the Host a request came with (anyone can send any Host, and behind a proxy
it is not the public one), and its host name for the identifiers it mints."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) on SITE_URL (with or without its slash).
    A URL that is absolute already (a file on S3 storage) is returned as it is."""
    if urlsplit(path).scheme:
        return path
    return settings.SITE_URL.rstrip("/") + path


def absolute_request_url(request: HttpRequest, **query: str) -> str:
    """The request's path and query string on SITE_URL, with the parameters in `query` set
    (a list's next page: absolute_request_url(request, page="3"))."""
    params = request.GET.copy()
    for name, value in query.items():
        params[name] = value
    encoded = params.urlencode()
    return absolute_url(f"{request.path}?{encoded}" if encoded else request.path)


def site_host() -> str:
    """SITE_URL's host name, lowercase and without the port: the domain part of the UIDs,
    Message-IDs and tag: URIs the site mints (they must not change when only a port does)."""
    return urlsplit(settings.SITE_URL).hostname or "caucus.invalid"
