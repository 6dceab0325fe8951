"""Confirmation emails under leases: every waiting signer gets one email, even when a worker
dies in the middle of a batch.

The guarantee: a signer waiting for the email (pending, mail_sent_at empty) gets exactly one
confirmation email, with one exception. A worker that dies after the SMTP server accepted a
message and before the one-row UPDATE recording it commits (about a millisecond: one round
trip to the database) leaves the row unrecorded, and its email goes out again with the *same*
Message-ID, so the receiving server or mail client can recognize and drop the repeat. It is
not "at least once with duplicates": the work is recorded per message, not per batch. The
same holds, with the same Message-ID, when the database is away for longer than the lease
while a message is being recorded (_record_sent).

How (each step one short transaction):
1. Claim: take up to CLAIM_SIZE waiting rows whose lease is free or expired, oldest first
   (SKIP LOCKED on PostgreSQL, so concurrent workers take disjoint chunks), and lease them to
   this run until now + SIGNATURE_MAIL_LEASE_SECONDS. The first claim of a run also enqueues,
   in the same transaction, a run of send_confirmations for just after that lease ends: a
   worker killed at any point leaves its rows to that run, even if nothing else happens.
2. Send each message over one SMTP connection. Once the server has accepted it, one UPDATE
   records it (mail_sent_at, mail_count + 1, lease cleared), only where the lease is still
   this run's.
3. A lease more than half used is renewed for the rest of the chunk before the next message;
   rows another worker took over meanwhile are skipped, never sent twice.
4. A run that ends while other runs' leases are still live enqueues a run for just after the
   earliest of them ends (the chain of step 1 goes on until no lease is left).
5. The Message-ID is keyed on (signature, mail_count): the repeat of step 2's window carries
   the same one; a new email the signer asked for (signing again resets mail_sent_at) is the
   next count and gets a new one.

A task row left "running" by a killed worker blocks nothing: the rows are the jobs.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from caucus.lib.urls import site_host
from caucus.signatures.models import Signature, State

logger = logging.getLogger(__name__)

CLAIM_SIZE = 50


def lease_seconds() -> int:
    return settings.SIGNATURE_MAIL_LEASE_SECONDS


def new_worker_id() -> str:
    """Unique per task run: a lease names the run that holds it."""
    return f"{os.getpid()}-{secrets.token_hex(8)}"


def message_id(signature: Signature) -> str:
    """The email's idempotency key: the same for every attempt at the same email."""
    digest = salted_hmac(
        "caucus.signatures.outbox", f"{signature.pk}:{signature.mail_count}", algorithm="sha256"
    ).hexdigest()[:32]
    return f"<{digest}@{site_host()}>"


def waiting() -> QuerySet[Signature]:
    return Signature.objects.filter(state=State.PENDING, mail_sent_at__isnull=True)


def claim(limit: int, worker: str, *, schedule_retry: bool) -> tuple[list[Signature], datetime]:
    """Step 1: lease up to `limit` waiting signers to `worker`; (rows, lease end)."""
    now = timezone.now()
    until = now + timedelta(seconds=lease_seconds())
    with transaction.atomic():
        chunk = list(
            waiting()
            .filter(Q(mail_lease_until__isnull=True) | Q(mail_lease_until__lte=now))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "statement", "statement__published_version", "statement__current_version"
            )
            .order_by("pk")[:limit]
        )
        if chunk:
            Signature.objects.filter(pk__in=[s.pk for s in chunk]).update(
                mail_lease_until=until, mail_worker=worker
            )
            if schedule_retry:
                _run_after(until)
    return chunk, until


def _run_after(when: datetime) -> None:
    from caucus.signatures.tasks import send_confirmations

    if send_confirmations.get_backend().supports_defer:
        send_confirmations.using(run_after=when + timedelta(seconds=1)).enqueue()


def _renew(rows: list[Signature], worker: str) -> tuple[list[Signature], datetime]:
    """Step 3: extend the lease of the rows still ours; drop the others."""
    until = timezone.now() + timedelta(seconds=lease_seconds())
    mine = Signature.objects.filter(pk__in=[s.pk for s in rows], mail_worker=worker)
    with transaction.atomic():
        kept = set(
            mine.filter(mail_sent_at__isnull=True)
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        Signature.objects.filter(pk__in=kept).update(mail_lease_until=until)
    return [s for s in rows if s.pk in kept], until


RECORD_RETRY_SECONDS = 600


def _record_sent(signature: Signature, worker: str) -> bool:
    """Step 2: the SMTP server accepted this signer's email; True if the lease was ours.

    This process knows the email went out, so a database that is away (restarting, failing
    over) is waited for rather than given up on: giving up would leave the row to be sent
    again. While the database is away nobody can claim the row (claiming needs it too), and
    after it returns the row stays ours until its lease ends (SIGNATURE_MAIL_LEASE_SECONDS,
    at most that long after the last renewal), so an outage shorter than what is left of the
    lease loses nothing and repeats nothing. After a longer one, another worker may claim the
    row in the half second before this one records it, and the email goes out again with the
    same Message-ID: the window of the module's docstring, widened to the outage. The UPDATE
    below then changes nothing and says so.
    """
    deadline = time.monotonic() + RECORD_RETRY_SECONDS
    while True:
        try:
            changed = Signature.objects.filter(
                pk=signature.pk, mail_worker=worker, mail_sent_at__isnull=True
            ).update(
                mail_sent_at=timezone.now(),
                mail_count=F("mail_count") + 1,
                mail_lease_until=None,
                mail_worker="",
            )
            return changed == 1
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            logger.warning("Cannot record signature %s's email yet; retrying", signature.pk)
            close_old_connections()
            time.sleep(0.5)


def release(rows: list[Signature], worker: str) -> None:
    """Give back rows this run will not send (an SMTP failure): the next run takes them."""
    Signature.objects.filter(
        pk__in=[s.pk for s in rows], mail_worker=worker, mail_sent_at__isnull=True
    ).update(mail_lease_until=None, mail_worker="")


def send_chunk(
    rows: list[Signature],
    until: datetime,
    worker: str,
    build: Callable[[Signature], EmailMessage],
) -> int:
    """Steps 2-3 for one claimed chunk over one SMTP connection; the number sent."""
    sent = 0
    half = timedelta(seconds=lease_seconds() / 2)
    remaining = list(rows)
    with mailers.default as connection:
        while remaining:
            if timezone.now() >= until - half:
                remaining, until = _renew(remaining, worker)
                if not remaining:
                    break
            signature = remaining.pop(0)
            message = build(signature)
            message.extra_headers["Message-ID"] = message_id(signature)
            try:
                connection.send_messages([message])
            except (smtplib.SMTPRecipientsRefused, ValueError):
                # Permanent: the server refused the address. Recorded, so it is not retried.
                logger.warning("The mail server refused the address of signature %s", signature.pk)
            except Exception:
                release([signature, *remaining], worker)
                raise
            if _record_sent(signature, worker):
                sent += 1
            else:  # cannot happen while leases are renewed in time; say so if it does
                logger.error("Signature %s was sent after its lease was lost", signature.pk)
    return sent


def retry_live_leases(worker: str) -> None:
    """Step 4: another run still holds leases; make sure someone looks once they end."""
    now = timezone.now()
    earliest = (
        waiting()
        .filter(mail_lease_until__gt=now)
        .exclude(mail_worker=worker)
        .aggregate(at=Min("mail_lease_until"))["at"]
    )
    if earliest is not None:
        _run_after(earliest)
