"""An email backend that counts sent and failed emails around the configured one.

Every email the project sends goes through a mailer backend (task helpers, confirmation
batches, allauth), so counting here sees them all without touching the senders. The counts
go to the database (ops.Counter): workers send, possibly on machines that serve no HTTP.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.handler import DEFAULT_MAILER_BACKEND
from django.db import DatabaseError, transaction
from django.utils.module_loading import import_string

from caucus.ops.metrics import EMAILS_FAILED, EMAILS_SENT
from caucus.ops.models import Counter

logger = logging.getLogger(__name__)


def _count(name: str, amount: int) -> None:
    """Never let counting fail a send: an exception here would make a task retry, and send
    again, mail that already went out. A savepoint keeps the caller's transaction usable."""
    try:
        with transaction.atomic():
            Counter.add(name, amount)
    except DatabaseError:
        logger.warning("could not count %s %s", amount, name, exc_info=True)


class CountingBackend(BaseEmailBackend):
    """MAILERS = {"default": {"BACKEND": "caucus.ops.mail.CountingBackend",
    "OPTIONS": {"wrapped": {"BACKEND": ..., "OPTIONS": {...}}}}}"""

    def __init__(self, *, wrapped: dict, alias: str | None = None, **kwargs) -> None:
        super().__init__(alias=alias, **kwargs)
        backend = import_string(wrapped.get("BACKEND", DEFAULT_MAILER_BACKEND))
        self.wrapped = backend(alias=alias, **wrapped.get("OPTIONS", {}))

    def open(self):
        return self.wrapped.open()

    def close(self) -> None:
        self.wrapped.close()

    def send_messages(self, email_messages) -> int:
        messages = list(email_messages)
        try:
            sent = self.wrapped.send_messages(messages) or 0
        except Exception:
            _count(EMAILS_FAILED, len(messages))
            raise
        _count(EMAILS_SENT, sent)
        _count(EMAILS_FAILED, len(messages) - sent)
        return sent
