"""Rendering templated emails (templates/emails/<name>-{subject,body-text,body-html}.html)."""

from django.template.loader import render_to_string
from django.utils import translation

from caucus.accounts.tasks import send_email


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{name}-subject.html", context).strip()
    text = render_to_string(f"emails/{name}-body-text.html", context)
    html = render_to_string(f"emails/{name}-body-html.html", context)
    return " ".join(subject.split()), text, html


def send_templated(name: str, *, to: list[str], context: dict, language: str | None = None) -> None:
    """Render now, in `language` if given, and send from the worker."""
    with translation.override(language or translation.get_language()):
        subject, text, html = render_email(name, context)
    send_email.enqueue(subject=subject, body=text, to=to, html=html)
