"""Background work of accounts: allauth's emails from the outbox, and pruning the task table.

A task row holds its arguments, its return value and, when it fails, its traceback; it is
readable in the admin and kept until pruned. So tasks pass ids only (accounts/emails.py), and
finished rows go after TASK_RESULT_RETENTION_DAYS (successes) or TASK_FAILURE_RETENTION_DAYS
(failures, kept longer to investigate), pruned by the daily housekeeping.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from caucus.accounts.emails import deliver


@task()
def send_outbox_message(message_id: int) -> None:
    """Send one of allauth's emails, then delete it: its key is no longer kept once it is out."""
    from caucus.accounts.models import OutboxMessage

    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:  # sent already, or pruned as too old
        return
    email = EmailMultiAlternatives(subject=message.subject, body=message.body, to=[message.to])
    if message.html:
        email.attach_alternative(message.html, "text/html")
    deliver(email)
    message.delete()


@task()
def prune_task_results() -> dict[str, int]:
    """Delete finished task rows past their retention, and outbox emails never sent."""
    from django_tasks_db.models import DBTaskResult

    from caucus.accounts.models import OutboxMessage

    now = timezone.now()
    finished = DBTaskResult.objects.finished()
    succeeded, _ = finished.filter(
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS),
    ).delete()
    failed, _ = finished.filter(
        status=TaskResultStatus.FAILED,
        finished_at__lt=now - timedelta(days=settings.TASK_FAILURE_RETENTION_DAYS),
    ).delete()
    stale, _ = OutboxMessage.objects.filter(
        created__lt=now - timedelta(hours=settings.OUTBOX_MAX_AGE_HOURS)
    ).delete()
    return {"succeeded": succeeded, "failed": failed, "outbox": stale}


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    """Legacy: only drains rows queued before emails carried ids. Never enqueue it.

    Its arguments are the whole email, which is what a task row must not hold; the rows it
    leaves are pruned with the others.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    deliver(message)
