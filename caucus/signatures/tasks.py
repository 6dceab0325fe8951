"""Background work of signing: confirmation emails, re-confirmation requests, folding the
count, expiring emails.

A signature waiting for its email (pending, mail_sent_at empty) is itself the job: signing
inserts that one row and nothing else, and `send_confirmations` sends every waiting email in
one batch, under leases that survive a worker's death (outbox.py). Under a surge at most one
batch is scheduled per BATCH_SECONDS per process (services._enqueue_confirmations), instead of
one task row per signature.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape as html_escape

from caucus.accounts.emails import render_email
from caucus.lib.bidi import isolate_text
from caucus.lib.urls import absolute_url

BATCH_SIZE = 500


class ConfirmationMail:
    """The confirmation email of one statement in one language, rendered once per batch.

    Under a surge thousands of signers get the same text but for their name and two links, so
    the templates are rendered once with placeholders and each email is the merge of those
    three values (escaped for the HTML part): the worker's time per email drops from the
    template engine's milliseconds to string replacement.
    """

    PLACEHOLDER = re.compile("@@caucus-(name|confirm|remove)@@")

    def __init__(self, statement, language: str):
        context = {
            "signature": {"name": "@@caucus-name@@"},
            # The title the signer read: in their language where a translation has one.
            "statement": statement.title_in(language),
            "confirm_link": "@@caucus-confirm@@",
            "remove_link": "@@caucus-remove@@",
            "days": settings.SIGNATURE_CONFIRM_MAX_AGE_DAYS,
        }
        with translation.override(language):
            self.subject, self.text, self.html = render_email("signatures-confirm", context)
            # The text part's bdi_text isolated the placeholder only if the language is
            # right-to-left; in a left-to-right one it isolates a name with right-to-left
            # letters, which the placeholder has none of: the merge does that part.
            self.isolate_name = not translation.get_language_bidi()
        self.slug = statement.slug

    def message(self, signature) -> EmailMultiAlternatives:
        from caucus.signatures.tokens import confirm_tokens, removal_state, remove_tokens

        confirm = confirm_tokens.make(signature.pk, signature.token_state())
        remove = remove_tokens.make(signature.pk, removal_state(signature))
        confirm = absolute_url(reverse("signatures:confirm", args=[self.slug, confirm]))
        remove = absolute_url(reverse("signatures:remove", args=[self.slug, remove]))

        values = {"name": signature.name, "confirm": confirm, "remove": remove}
        name = isolate_text(signature.name) if self.isolate_name else signature.name
        text_values = {**values, "name": name}

        def merge(text: str, escape, values: dict[str, str]) -> str:
            # One pass: a name that looks like a placeholder is never expanded.
            return self.PLACEHOLDER.sub(lambda m: escape(values[m[1]]), text)

        message = EmailMultiAlternatives(
            subject=self.subject, body=merge(self.text, str, text_values), to=[signature.email]
        )
        message.attach_alternative(merge(self.html, html_escape, values), "text/html")
        return message


def _language(signature) -> str:
    return signature.language or settings.LANGUAGE_CODE


@task()
def send_confirmations() -> int:
    """Email every signer still waiting for the confirmation email, in leased chunks.

    Exactly one email per signer, even if this worker is killed mid-batch: see outbox.py for
    the leases, the per-message record and the one window it leaves. The text is rendered
    once per statement and language (ConfirmationMail). Up to BATCH_SIZE per run, then the
    next run is queued.
    """
    from caucus.signatures import outbox

    mails: dict[tuple[int, str], ConfirmationMail] = {}

    def build(signature) -> EmailMultiAlternatives:
        key = (signature.statement_id, _language(signature))
        if key not in mails:
            mails[key] = ConfirmationMail(signature.statement, key[1])
        return mails[key].message(signature)

    worker = outbox.new_worker_id()
    sent = 0
    first = True
    while sent < BATCH_SIZE:
        chunk, until = outbox.claim(outbox.CLAIM_SIZE, worker, schedule_retry=first)
        if not chunk:
            outbox.retry_live_leases(worker)
            return sent
        first = False
        sent += outbox.send_chunk(chunk, until, worker, build)
    send_confirmations.enqueue()  # more may be waiting: another run right after this one
    return sent


@task()
def ask_to_reconfirm(statement_id: int) -> int:
    """After a revision: email the organizations that signed an older version."""
    from caucus.signatures import notify
    from caucus.statements.models import Statement

    statement = Statement.objects.select_related("published_version").get(pk=statement_id)
    return notify.ask_to_reconfirm(statement=statement)


@task()
def notify_cosign_requested(signature_id: int) -> None:
    """Email the statement's managers that an organization asks to co-sign (by id: see
    accounts/emails.py)."""
    from caucus.signatures import notify
    from caucus.signatures.models import OrganizationSignature

    signature = OrganizationSignature.objects.filter(pk=signature_id).first()
    if signature is not None:
        notify.cosign_requested(signature=signature)


@task()
def notify_cosign_decided(signature_id: int) -> None:
    """Email the person who asked to co-sign what the managers decided."""
    from caucus.signatures import notify
    from caucus.signatures.models import OrganizationSignature

    signature = OrganizationSignature.objects.filter(pk=signature_id).first()
    if signature is not None:
        notify.cosign_decided(signature=signature)


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
    from caucus.accounts.tasks import prune_task_results
    from caucus.signatures.counting import reconcile
    from caucus.signatures.models import SignatureCount
    from caucus.signatures.services import signer_emails_expire
    from caucus.signatures.signals import housekeeping

    pruned = prune_task_results.call()  # task rows past their retention (accounts/tasks.py)
    for _receiver, counts in housekeeping.send(sender=None):  # e.g. webhook deliveries
        pruned |= counts
    expired = signer_emails_expire(days=settings.SIGNER_EMAIL_RETENTION_DAYS)
    corrected = {}
    for statement_id in SignatureCount.objects.values_list("statement_id", flat=True):
        if correction := reconcile(statement_id):
            corrected[str(statement_id)] = correction
    if daily_housekeeping.get_backend().supports_defer:
        daily_housekeeping.using(run_after=timezone.now() + HOUSEKEEPING_EVERY).enqueue()
    return {"emails_expired": expired, "counts_corrected": corrected, "tasks_pruned": pruned}


@task()
def send_signing_reminder(reminder_id: int) -> int:
    """Email the people who may sign for the reminded organization, once (claimed by a
    conditional UPDATE of sent_at); returns how many were emailed."""
    from caucus.signatures import notify
    from caucus.signatures.models import SigningReminder

    claimed = SigningReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if claimed != 1:
        return 0
    reminder = SigningReminder.objects.select_related(
        "statement__author_coalition", "statement__author_organization", "organization", "version"
    ).get(pk=reminder_id)
    return notify.signing_reminder(reminder=reminder)
