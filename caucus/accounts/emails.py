"""Sending email: rendered and sent by the task that holds the ids, in the recipient's language.

The one path for our own emails (templates/emails/<name>-{subject,body-text,body-html}.html).
A task takes the ids of its rows, renders when it runs and sends at once, so a task row never
holds an address, a link with a token or a body (issue "Trust", part 4: they used to be
enqueued in full and kept forever). allauth's emails are the exception, because allauth
renders them with keys we cannot derive later: see AccountAdapter.send_mail and the outbox.
"""

import re
import smtplib
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


class EmailNotSent(Exception):
    """The mail server refused or could not be reached.

    Raised without the original error, whose text names the recipients: the task row keeps
    the traceback of a failed task for TASK_FAILURE_RETENTION_DAYS.
    """


def render_plain(template_name: str, context: dict) -> str:
    """A subject or a text body: plain text, so nothing is HTML-escaped ("workers' rights",
    never "workers&#x27; rights"). Only the HTML part is rendered with autoescaping."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) in the active language; the HTML says which, and its direction."""
    subject = render_plain(f"emails/{name}-subject.html", context).strip()
    text = render_plain(f"emails/{name}-body-text.html", context)
    html = with_language(render_to_string(f"emails/{name}-body-html.html", context))
    return " ".join(subject.split()), text, html


_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def with_language(html: str) -> str:
    """The HTML part as a document whose <html> carries the language and direction it is
    written in (`lang`, `dir`), so mail clients lay out Arabic right to left. Bodies written
    as fragments are wrapped; a body that already says its language is left as it is."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    attributes = f'lang="{language}" dir="{"rtl" if translation.get_language_bidi() else "ltr"}"'
    found = _HTML_TAG.search(html)
    if found is None:
        return f"<!DOCTYPE html><html {attributes}><body>\n{html}</body></html>"
    if " lang=" in found.group(0):
        return html
    return html[: found.start()] + f"<html {attributes}>" + html[found.end() :]


def deliver(message: EmailMessage) -> None:
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        code = getattr(exc, "smtp_code", "")
        raise EmailNotSent(f"{type(exc).__name__} {code}".strip()) from None


def send_templated(
    name: str,
    *,
    to: list[str],
    context: dict,
    language: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Render `name` in `language` (else the active one) and send it now.

    Call it from the task that does the work, never from a request: it waits for the mail
    server. `attachments` are (filename, content, mimetype).
    """
    with translation.override(language or translation.get_language()):
        subject, text, html = render_email(name, context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    deliver(message)


def send_to_each[T](recipients: Iterable[T], send: Callable[[T], None]) -> int:
    """Call `send` for each recipient; one refused address does not stop the others.

    For tasks that email many people after claiming their row once. Returns how many were
    sent; if any failed, raises EmailNotSent afterwards so the task shows as failed.
    """
    sent = failed = 0
    for recipient in recipients:
        try:
            send(recipient)
        except EmailNotSent:
            failed += 1
        else:
            sent += 1
    if failed:
        raise EmailNotSent(f"{failed} of {sent + failed} emails not sent")
    return sent


def language_for(organizations: Iterable) -> str:
    """The first of the organizations' languages the interface speaks, else the default.

    Caucus stores no language per person, so people who act for organizations are written to
    in their organization's language.
    """
    for organization in organizations:
        for code in organization.languages or []:
            spoken = interface_language(code) if isinstance(code, str) else None
            if spoken:
                return spoken
    return settings.LANGUAGE_CODE


def interface_language(code: str) -> str | None:
    """The interface language for a content language: "es" → "es", "pt" → "pt-br"."""
    code = code.lower().replace("_", "-")
    spoken = [c for c, _name in settings.LANGUAGES]
    if code in spoken:
        return code
    base = code.split("-")[0]
    return next((c for c in spoken if c.split("-")[0] == base), None)


def user_language(user) -> str:
    """The language to write to a member in: their organizations', oldest membership first."""
    memberships = user.memberships.select_related("organization").order_by("pk")
    return language_for(m.organization for m in memberships)
