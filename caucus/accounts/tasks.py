"""Sending email in the background, so a slow mail server never slows a page."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
