"""Reminding member organizations to sign (the co-signing tracker's button).

A coordinator (or the authoring organization's admin) reminds one organization that has not
signed the text organizations sign now, or all of them at once. Each organization is reminded
at most once per REMINDER_INTERVAL for a statement, so the button cannot become a way to flood
a union's inboxes; each reminder is audit-logged, and its row is the job that emails the
people who may sign for the organization (tasks.send_signing_reminder).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.lib import dates
from caucus.lib.bidi import isolate_text
from caucus.organizations.models import Organization
from caucus.signatures.models import SigningReminder
from caucus.signatures.selectors import cosigning_tracker
from caucus.signatures.services import SIGNABLE, signed_version
from caucus.statements.models import Statement

REMINDER_INTERVAL = timedelta(hours=24)


def _check(statement: Statement, organization: Organization, now) -> None:
    if statement.status not in SIGNABLE:
        raise ValidationError(_("This statement is not open for signatures."))
    rows = {row.organization.pk: row for row in cosigning_tracker(statement)}
    row = rows.get(organization.pk)
    if row is None or not row.waiting:
        raise ValidationError(
            _("%(org)s has nothing to sign: it is not a member or has signed.")
            % {"org": isolate_text(organization.display_name)}
        )
    last = (
        SigningReminder.objects.filter(statement=statement, organization=organization)
        .order_by("-created")
        .values_list("created", flat=True)
        .first()
    )
    if last is not None and last > now - REMINDER_INTERVAL:
        raise ValidationError(
            _("%(org)s was reminded less than a day ago: remind it again after %(when)s.")
            % {
                "org": isolate_text(organization.display_name),
                # On the clock the statement's times are set in, with its label (issue 14).
                "when": dates.place_datetime(
                    last + REMINDER_INTERVAL, statement.signing_deadline_zone
                ),
            }
        )


def reminder_send(*, statement: Statement, organization: Organization, actor) -> SigningReminder:
    """Remind one organization that waits (refused within REMINDER_INTERVAL of the last)."""
    from caucus.signatures.tasks import send_signing_reminder

    with transaction.atomic():
        # One reminder at a time per statement: two coordinators pressing at once send one.
        Statement.objects.select_for_update().filter(pk=statement.pk).first()
        now = timezone.now()
        _check(statement, organization, now)
        reminder = SigningReminder.objects.create(
            statement=statement,
            organization=organization,
            version=signed_version(statement),
            sent_by=actor,
            created=now,
        )
        audit_record(
            actor=actor,
            action="signature.reminder_sent",
            coalition=statement.author_coalition,
            organization=statement.author_organization,
            org=organization,
            statement=statement.slug,
            version=reminder.version.number,
        )
        transaction.on_commit(lambda: send_signing_reminder.enqueue(reminder.pk))
    return reminder


def reminders_send_all(*, statement: Statement, actor) -> tuple[int, int]:
    """Remind every member organization that waits; (reminded, skipped as reminded lately)."""
    sent = skipped = 0
    for row in cosigning_tracker(statement):
        if not row.waiting:
            continue
        try:
            reminder_send(statement=statement, organization=row.organization, actor=actor)
        except ValidationError:
            skipped += 1
        else:
            sent += 1
    return sent, skipped
