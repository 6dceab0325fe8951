"""Public uploads (logos, header images, event report photos) served from local storage.

Only the folders in PUBLIC_FOLDERS are ever served, and the check is made on the path as the
file system will read it: percent-encoding decoded until nothing changes (so `%252e` is `.`),
then any `..`, `.`, empty segment (`//`), backslash or control character refused outright, and
finally the resolved file (symlinks followed) must lie inside its folder. Case photos live in
`cases/` beside these folders and reach the public only through solidarity's view, which
refuses those of protected cases; `/media/logos/%2e%2e/cases/<file>` must stay a 404.
"""

from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

PUBLIC_FOLDERS = ("logos", "headers", "events")
_MAX_DECODES = 5  # more layers of encoding than this is no honest link


def public_media_path(raw: str) -> str | None:
    """The relative path to serve, or None when `raw` is not plainly inside a public folder."""
    path = raw
    for _round in range(_MAX_DECODES):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    else:
        return None
    if "\\" in path or any(ord(char) < 32 or ord(char) == 127 for char in path):
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts) or len(parts) < 2:
        return None
    if parts[0] not in PUBLIC_FOLDERS:
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    folder = (root / parts[0]).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(folder) or target == folder:
        return None
    return path


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    safe = public_media_path(path)
    if safe is None:
        raise Http404
    return serve(request, safe, document_root=settings.MEDIA_ROOT)
