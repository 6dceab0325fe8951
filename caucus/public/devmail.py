"""Email for people trying Caucus on their own machine: readable in the terminal, and kept in
a development outbox at /dev/outbox/ (demo mode only, never with HTTPS: caucus.E006).

Django's console backend prints the MIME source: subjects and Arabic or Greek bodies arrive
quoted-printable or base64, so a newcomer cannot copy the confirmation link. This backend
prints the subject, the addresses and the plain-text body as they were written, and keeps the
last OUTBOX_SIZE messages as files under var/dev-outbox/, which every process (web workers,
the task worker) writes and the page reads.
"""

import json
import os
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

OUTBOX_SIZE = 50


def outbox_dir() -> Path:
    return Path(settings.VAR_DIR) / "dev-outbox"


def _plain_text(message) -> str:
    """The body a person would read: the text part (HTML only when there is no text)."""
    body = message.body or ""
    if not body.strip():
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                return str(content)
    return body


def keep(message) -> None:
    """Save `message` in the outbox (written aside then renamed: readers never see half)."""
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "sent": time.time(),
        "from": message.from_email,
        "to": list(message.to) + list(message.cc),
        "subject": str(message.subject),
        "text": _plain_text(message),
    }
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
    partial = folder / f".{name}"
    partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, folder / name)
    for old in sorted(folder.glob("*.json"))[:-OUTBOX_SIZE]:
        old.unlink(missing_ok=True)


def recent(limit: int = OUTBOX_SIZE) -> list[dict]:
    """The last `limit` messages, newest first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    messages = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit]:
        try:
            messages.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # pruned by another process meanwhile
    return messages


class ReadableConsoleBackend(ConsoleBackend):
    """The console backend, but readable: decoded headers and the text body; each message is
    also kept in the development outbox when DEV_OUTBOX is on."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("stream", sys.stdout)
        super().__init__(*args, **kwargs)

    def write_message(self, message) -> None:
        recipients = ", ".join([*message.to, *message.cc])
        self.stream.write(
            f"From: {message.from_email}\nTo: {recipients}\nSubject: {message.subject}\n\n"
            f"{_plain_text(message).rstrip()}\n{'-' * 79}\n"
        )
        if settings.DEV_OUTBOX:
            keep(message)


@require_GET
@never_cache
def outbox(request: HttpRequest) -> HttpResponse:
    """/dev/outbox/: the last emails this instance sent, for demo instances only."""
    if not settings.DEV_OUTBOX or settings.HTTPS:
        raise Http404
    return render(request, "public/dev_outbox.html", {"messages_sent": recent()})


@checks.register(checks.Tags.security)
def check_dev_outbox(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEV_OUTBOX and settings.HTTPS:
        return [
            checks.Error(
                "DEV_OUTBOX is on while HTTPS is on.",
                hint="The development outbox shows every email the site sends, confirmation "
                "links included, to anyone who can open /dev/outbox/: unset DEV_OUTBOX.",
                id="caucus.E006",
            )
        ]
    return []
