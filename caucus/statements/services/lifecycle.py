"""A statement's life after drafting: opened for signatures, published (now, at a time, or as a
scheduled revision), withdrawn, republished by member organizations."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.statements.cache import forget_page
from caucus.statements.models import (
    Publication,
    Republication,
    Statement,
    Status,
)
from caucus.statements.services.common import audit, current_version
from caucus.statements.signals import revision_published


def statement_open(*, statement: Statement, actor) -> None:
    """Open the draft for signatures by organizations; their people are told by email once
    per version (statements.notify, through a task after the commit)."""
    if statement.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be opened for signatures."))
    version = current_version(statement)
    statement.status = Status.OPEN
    actor_id = getattr(actor, "pk", None)
    with transaction.atomic():
        statement.save(update_fields=["status"])
        audit(statement, actor, "statement.opened", version=version.number)
        transaction.on_commit(lambda: opening_notices_enqueue(statement.pk, version.pk, actor_id))


def opening_notices_enqueue(statement_id: int, version_id: int, actor_id: int | None) -> None:
    from caucus.statements.tasks import send_opening_notices

    send_opening_notices.enqueue(statement_id, version_id, actor_id)


def _publication_time(published_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if published_at is not None and published_at < now - dt.timedelta(minutes=5):
        raise ValidationError({"published_at": _("Choose a time in the future, or none.")})
    return max(published_at or now, now)


def statement_publish(
    *, statement: Statement, actor, published_at: dt.datetime | None = None, zone: str = "UTC"
) -> Publication:
    """Publish the current version: a first publication or a revision, now or at a time.

    A scheduled first publication keeps the whole statement private until then; a scheduled
    revision keeps the published text in place and swaps it at that time
    (revision_apply_due). Publishing again replaces a revision still waiting.
    """
    revision_apply_due(statement=statement)  # a revision past its time is history first
    now = timezone.now()
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be published again."))
    revision = statement.status == Status.PUBLISHED and statement.is_public
    if revision and not statement.has_unpublished_changes:
        raise ValidationError(_("There is no new version to publish."))
    when = _publication_time(published_at, now)
    scheduled = when > now + dt.timedelta(seconds=1)
    version = current_version(statement)
    with transaction.atomic():
        statement.publication_zone = zone
        fields = ["publication_zone", "scheduled_version", "scheduled_at"]
        if revision and scheduled:
            statement.scheduled_version, statement.scheduled_at = version, when
        else:
            statement.status = Status.PUBLISHED
            statement.published_version = version
            statement.scheduled_version, statement.scheduled_at = None, None
            fields += ["status", "published_version"]
            if not revision:
                statement.published_at, statement.announced_at = when, None
                fields += ["published_at", "announced_at"]
        statement.save(update_fields=fields)
        # A revision that was waiting and is now replaced never becomes a publication.
        statement.publications.filter(published_at__gt=now).delete()
        publication = Publication.objects.create(
            statement=statement, version=version, published_at=when, actor=actor
        )
        action = "statement.revised" if revision else "statement.published"
        if scheduled:  # a first publication or a revision, told apart by the version
            action = "statement.scheduled"
        audit(
            statement,
            actor,
            action,
            version=version.number,
            when=when.isoformat(timespec="minutes"),
        )
        if revision and scheduled:
            transaction.on_commit(lambda: revision_apply_enqueue(statement.pk, version.pk, when))
        elif revision:
            transaction.on_commit(lambda: revision_published.send(Statement, statement=statement))
        else:
            transaction.on_commit(lambda: announce_publication_enqueue(statement.pk, when))
    return publication


def revision_apply_due(*, statement: Statement) -> bool:
    """Make a scheduled revision the published text once its time has come (idempotent: the
    conditional UPDATE claims it; True only for the call that applied it).

    Run by the deferred task at that time, and by the pages and API reads that show the text
    (the guards only read): a backend that cannot defer leaves it to them.
    """
    if not statement.revision_is_due:
        return False
    version_id = statement.scheduled_version_id
    with transaction.atomic():
        applied = Statement.objects.filter(
            pk=statement.pk,
            status=Status.PUBLISHED,
            scheduled_version_id=version_id,
            scheduled_at__lte=timezone.now(),
        ).update(published_version_id=version_id, scheduled_version=None, scheduled_at=None)
        if applied != 1:
            return False
        statement.refresh_from_db()
        published = statement.published_version  # the version just swapped in: not None
        number = published.number if published is not None else None
        audit(statement, None, "statement.revised", version=number)
        transaction.on_commit(lambda: revision_published.send(Statement, statement=statement))
    forget_page(statement.slug)
    return True


def revision_apply_enqueue(statement_id: int, version_id: int, when: dt.datetime) -> None:
    """A deferred task applies the revision on time; without deferral (the tests' immediate
    backend) the first page or API read showing the text after that time applies it."""
    from caucus.statements.tasks import apply_scheduled_revision

    if apply_scheduled_revision.get_backend().supports_defer:
        apply_scheduled_revision.using(run_after=when).enqueue(statement_id, version_id)


def announce_publication_enqueue(statement_id: int, when: dt.datetime) -> None:
    """Run the announcement at `when` where the task backend can defer; else at once.

    Either way the public check on read (published_at <= now) keeps the text private until
    then; the task only records that the statement went public.
    """
    from caucus.statements.tasks import announce_publication

    task = announce_publication
    if when > timezone.now() and task.get_backend().supports_defer:
        task = task.using(run_after=when)
    task.enqueue(statement_id)


def statement_withdraw(*, statement: Statement, actor, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    revision_apply_due(statement=statement)  # the tombstone follows the text last shown
    if statement.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published statement can be withdrawn."))
    statement.status = Status.WITHDRAWN
    statement.withdrawn_at = timezone.now()
    statement.withdrawal_reason = reason
    if statement.published_at and statement.published_at > statement.withdrawn_at:
        statement.published_at = statement.withdrawn_at  # a scheduled one becomes a tombstone now
    statement.scheduled_version, statement.scheduled_at = None, None  # no revision after this
    with transaction.atomic():
        statement.publications.filter(published_at__gt=statement.withdrawn_at).exclude(
            version_id=statement.published_version_id
        ).delete()
        statement.save(
            update_fields=[
                "status",
                "withdrawn_at",
                "withdrawal_reason",
                "published_at",
                "scheduled_version",
                "scheduled_at",
            ]
        )
        audit(statement, actor, "statement.withdrawn")


def statement_republish(
    *, statement: Statement, organization, actor, note: str = ""
) -> Republication:
    if not statement.is_public or statement.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published statement can be republished."))
    if statement.author_organization_id == organization.pk:
        raise ValidationError({"organization": _("This organization wrote the statement.")})
    if Republication.objects.filter(statement=statement, organization=organization).exists():
        raise ValidationError({"organization": _("This organization already republished it.")})
    with transaction.atomic():
        republication = Republication.objects.create(
            statement=statement, organization=organization, note=note, actor=actor
        )
        audit_record(
            actor=actor,
            action="statement.republished",
            organization=organization,
            statement=statement.slug,
            org=organization.display_name,
        )
    return republication
