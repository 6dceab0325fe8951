"""Background work for statements: scheduled publications and revisions reaching their time,
and telling member organizations that a draft is open for their signature."""

from django.tasks import task
from django.utils import timezone


@task()
def announce_publication(statement_id: int) -> None:
    """Record once that a statement is public (claim with a conditional UPDATE).

    Runs at the scheduled time where the backend can defer; when it runs early (backends
    without deferral), it does nothing and the public check on read decides visibility.
    """
    from caucus.audit.services import audit_record
    from caucus.statements.models import Statement, Status
    from caucus.statements.signals import went_public

    now = timezone.now()
    claimed = Statement.objects.filter(
        pk=statement_id,
        status=Status.PUBLISHED,
        announced_at__isnull=True,
        published_at__lte=now,
    ).update(announced_at=now)
    if claimed != 1:
        return
    statement = Statement.objects.select_related("author_organization", "author_coalition").get(
        pk=statement_id
    )
    audit_record(
        actor=None,
        action="statement.went_public",
        organization=statement.author_organization,
        coalition=statement.author_coalition,
        statement=statement.slug,
    )
    went_public.send(Statement, statement=statement)


@task()
def apply_scheduled_revision(statement_id: int, version_id: int) -> bool:
    """Publish a scheduled revision at its time (a no-op when it was replaced or applied)."""
    from caucus.statements.models import Statement
    from caucus.statements.services import revision_apply_due

    statement = Statement.objects.filter(pk=statement_id, scheduled_version_id=version_id).first()
    return statement is not None and revision_apply_due(statement=statement)


@task()
def send_opening_notices(statement_id: int, version_id: int, actor_id: int | None = None) -> int:
    """Tell the people who sign for member organizations that a version is open (once each)."""
    from caucus.statements import notify
    from caucus.statements.models import Statement, StatementVersion

    statement = (
        Statement.objects.select_related("author_coalition", "author_organization", "author_body")
        .filter(pk=statement_id)
        .first()
    )
    version = StatementVersion.objects.filter(pk=version_id, statement_id=statement_id).first()
    if statement is None or version is None:
        return 0
    return notify.send_opening_notices(statement=statement, version=version, actor_id=actor_id)
