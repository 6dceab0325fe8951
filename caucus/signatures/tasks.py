"""Background work of signing: confirmation emails, folding the count, expiring emails."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from caucus.accounts.emails import render_email


@task()
def send_confirmation(signature_id: int) -> None:
    """Email the confirmation and removal links once per request (claim, then send)."""
    from caucus.signatures.models import Signature, State
    from caucus.signatures.tokens import confirm_tokens, removal_state, remove_tokens

    claimed = Signature.objects.filter(
        pk=signature_id, state=State.PENDING, mail_sent_at__isnull=True
    ).update(mail_sent_at=timezone.now())
    if claimed != 1:
        return
    signature = Signature.objects.select_related("statement").get(pk=signature_id)
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
    message.send()


@task()
def fold_count(statement_id: int) -> int:
    from caucus.signatures.counting import fold

    return fold(statement_id)


@task()
def expire_signer_emails() -> int:
    from caucus.signatures.services import signer_emails_expire

    return signer_emails_expire(days=settings.SIGNER_EMAIL_RETENTION_DAYS)
