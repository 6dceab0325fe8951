"""Background work of signing: confirmation emails, re-confirmation requests, folding the
count, expiring emails.

A signature waiting for its email (pending, mail_sent_at empty) is itself the job: signing
inserts that one row and nothing else, and `send_confirmations` sends every waiting email in
one batch. Under a surge at most one batch is scheduled per BATCH_SECONDS per process
(services._enqueue_confirmations), instead of one task row per signature.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from caucus.accounts.emails import render_email

BATCH_SIZE = 500


def _confirmation_message(signature) -> EmailMultiAlternatives:
    """The confirmation email of one signature: the confirmation and the removal link."""
    from caucus.signatures.tokens import confirm_tokens, removal_state, remove_tokens

    statement = signature.statement
    confirm = confirm_tokens.make(signature.pk, signature.token_state())
    remove = remove_tokens.make(signature.pk, removal_state(signature))
    context = {
        "signature": signature,
        "statement": statement,
        "confirm_link": settings.SITE_URL
        + reverse("signatures:confirm", args=[statement.slug, confirm]),
        "remove_link": settings.SITE_URL
        + reverse("signatures:remove", args=[statement.slug, remove]),
        "days": settings.SIGNATURE_CONFIRM_MAX_AGE_DAYS,
    }
    with translation.override(signature.language or settings.LANGUAGE_CODE):
        subject, text, html = render_email("signatures-confirm", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[signature.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_confirmations() -> int:
    """Email every signer still waiting for the confirmation email.

    Each row is claimed on its own (a conditional UPDATE that must change exactly one row)
    just before its email is sent, so two workers never send the same email and a worker
    stopped mid-batch leaves at most one signer without it (signing again resends it).
    """
    from caucus.signatures.models import Signature, State

    waiting = list(
        Signature.objects.filter(state=State.PENDING, mail_sent_at__isnull=True)
        .select_related("statement")
        .order_by("pk")[:BATCH_SIZE]
    )
    sent = 0
    for signature in waiting:
        claimed = Signature.objects.filter(
            pk=signature.pk, state=State.PENDING, mail_sent_at__isnull=True
        ).update(mail_sent_at=timezone.now())
        if claimed == 1:
            _confirmation_message(signature).send()
            sent += 1
    if len(waiting) == BATCH_SIZE:  # more may be waiting: another batch right after this one
        send_confirmations.enqueue()
    return sent


@task()
def ask_to_reconfirm(statement_id: int) -> int:
    """After a revision: email the organizations that signed an older version."""
    from caucus.signatures import notify
    from caucus.statements.models import Statement

    statement = Statement.objects.select_related("published_version").get(pk=statement_id)
    return notify.ask_to_reconfirm(statement=statement)


@task()
def fold_count(statement_id: int) -> int:
    from caucus.signatures.counting import fold

    return fold(statement_id)


@task()
def expire_signer_emails() -> int:
    from caucus.signatures.services import signer_emails_expire

    return signer_emails_expire(days=settings.SIGNER_EMAIL_RETENTION_DAYS)


HOUSEKEEPING_EVERY = timedelta(days=1)


@task()
def daily_housekeeping() -> dict:
    """Retention and the full recount, once a day, with no cron: the task schedules its next run.

    `manage.py schedule_housekeeping` (run by bin/serve before the worker starts) enqueues the
    first one unless one is already waiting.
    """
    from caucus.signatures.counting import reconcile
    from caucus.signatures.models import SignatureCount
    from caucus.signatures.services import signer_emails_expire

    expired = signer_emails_expire(days=settings.SIGNER_EMAIL_RETENTION_DAYS)
    corrected = {}
    for statement_id in SignatureCount.objects.values_list("statement_id", flat=True):
        if correction := reconcile(statement_id):
            corrected[str(statement_id)] = correction
    if daily_housekeeping.get_backend().supports_defer:
        daily_housekeeping.using(run_after=timezone.now() + HOUSEKEEPING_EVERY).enqueue()
    return {"emails_expired": expired, "counts_corrected": corrected}
