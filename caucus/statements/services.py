"""Workflows on statements: drafting, versions, amendments, lifecycle, translations, republication.

Every function is keyword-only, called alike by web views, the API and commands; refusals are
ValidationError ({field: message}) and change nothing.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.lib.markdown_text import source_passage
from caucus.statements.cache import forget_page
from caucus.statements.models import (
    Amendment,
    AmendmentKind,
    AmendmentState,
    Publication,
    Republication,
    Statement,
    StatementVersion,
    Status,
    Translation,
    canonical_text,
)
from caucus.statements.signals import revision_published
from caucus.statements.translatable import STATEMENT
from caucus.translations import services as content_translations


def _audit(statement: Statement, actor, action: str, **data) -> None:
    organization = statement.author_organization if statement.author_organization_id else None
    audit_record(
        actor=actor,
        action=action,
        organization=organization,
        coalition=statement.author_coalition,
        statement=statement.slug,
        **data,
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "statement"
    slug = base
    while Statement.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def statement_create(
    *,
    actor,
    title: str,
    body: str,
    language: str,
    author_organization=None,
    author_body=None,
    author_coalition=None,
    dateline_date: dt.date | None = None,
    dateline_place: str = "",
    teaser: str = "",
    topics: list[str] | None = None,
    regions: list[str] | None = None,
    slug: str | None = None,
) -> Statement:
    """A new draft with its version 1 (the slug comes from the title unless given)."""
    if author_body is not None and author_body.organization_id != author_organization.pk:
        raise ValidationError({"author_body": _("This body belongs to another organization.")})
    with transaction.atomic():
        statement = Statement.objects.create(
            slug=slug or _unique_slug(title),
            author_organization=author_organization,
            author_body=author_body,
            author_coalition=author_coalition,
            language=language,
            dateline_date=dateline_date or timezone.localdate(),
            dateline_place=dateline_place,
            teaser=teaser,
            topics=topics or [],
            regions=regions or [],
            created_by=actor,
        )
        version = StatementVersion.objects.create(
            statement=statement, number=1, title=title, body=body, author=actor
        )
        statement.current_version = version
        statement.save(update_fields=["current_version"])
        _audit(statement, actor, "statement.created", title=title)
    return statement


def statement_update(*, statement: Statement, actor, changed: list[str]) -> None:
    """Save the metadata (dateline, language, teaser, tags) a form has applied."""
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be edited."))
    if not changed:
        return
    with transaction.atomic():
        statement.save(update_fields=changed)
        _audit(statement, actor, "statement.updated", fields=", ".join(changed))


def version_create(
    *, statement: Statement, actor, title: str, body: str, note: str = ""
) -> StatementVersion | None:
    """A new immutable version when the text changed; None when it is the same text."""
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be edited."))
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        current = locked.current_version
        if current and canonical_text(current.title, current.body) == canonical_text(title, body):
            return None
        last = locked.versions.aggregate(n=Max("number"))["n"] or 0
        version = StatementVersion.objects.create(
            statement=locked, number=last + 1, title=title, body=body, author=actor, note=note
        )
        Statement.objects.filter(pk=statement.pk).update(current_version=version)
        statement.current_version = version
        _audit(statement, actor, "statement.version_saved", version=version.number)
    return version


def amendment_propose(
    *,
    statement: Statement,
    actor,
    version: StatementVersion,
    kind: str,
    passage: str,
    replacement: str,
    reason: str,
    organization=None,
) -> Amendment:
    if statement.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("Amendments can only be proposed to a draft."))
    if version.statement_id != statement.pk:
        raise ValidationError({"version": _("This version belongs to another statement.")})
    if not passage.strip():
        raise ValidationError({"passage": _("Quote the passage the amendment is about.")})
    # Copied from the rendered text: find it in the Markdown source, ignoring the markup.
    mapped = source_passage(version.body, passage)
    if mapped is None:
        raise ValidationError(
            {
                "passage": _(
                    "This passage begins or ends inside emphasized words or a link: select it "
                    "from the start of them, or up to their end."
                )
            }
        )
    passage = mapped
    count = version.body.count(passage)
    if count == 0:
        raise ValidationError({"passage": _("This passage does not occur in the version.")})
    if count > 1:
        raise ValidationError(
            {"passage": _("This passage occurs more than once; quote a longer passage.")}
        )
    if kind in (AmendmentKind.REPLACE, AmendmentKind.INSERT) and not replacement.strip():
        raise ValidationError({"replacement": _("Give the new text.")})
    if kind == AmendmentKind.DELETE:
        replacement = ""
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        last = locked.amendments.aggregate(n=Max("number"))["n"] or 0
        amendment = Amendment.objects.create(
            statement=locked,
            number=last + 1,
            version=version,
            kind=kind,
            passage=passage,
            replacement=replacement,
            reason=reason,
            proposer=actor,
            organization=organization,
        )
        _audit(statement, actor, "amendment.proposed", amendment=amendment.number)
    return amendment


def _open_amendment(amendment: Amendment) -> Amendment:
    locked = (
        Amendment.objects.select_for_update()
        .select_related("statement", "version")
        .get(pk=amendment.pk)
    )
    if locked.state != AmendmentState.OPEN:
        raise ValidationError(_("This amendment has already been decided."))
    if locked.statement.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("Amendments can only be decided while the statement is a draft."))
    return locked


def amendment_rebase(*, amendment: Amendment, actor) -> Amendment:
    """Move a stale amendment onto the current version when its passage still occurs once."""
    with transaction.atomic():
        locked = _open_amendment(amendment)
        statement = locked.statement
        if not locked.is_stale:
            raise ValidationError(_("This amendment is already against the current version."))
        if locked.apply_to(statement.current_version.body) is None:
            raise ValidationError(
                _("The passage no longer occurs exactly once in the current version.")
            )
        old = locked.version.number
        locked.version = statement.current_version
        locked.save(update_fields=["version"])
        _audit(
            statement,
            actor,
            "amendment.rebased",
            amendment=locked.number,
            old=old,
            version=statement.current_version.number,
        )
    return locked


def amendment_accept(*, amendment: Amendment, actor) -> StatementVersion:
    """Make a new version from the amendment; a stale one must be rebased first."""
    with transaction.atomic():
        locked = _open_amendment(amendment)
        statement = locked.statement
        if locked.is_stale:
            raise ValidationError(
                _("This amendment was made against an older version; rebase it first.")
            )
        current = statement.current_version
        body = locked.apply_to(current.body)
        if body is None:
            raise ValidationError(_("The passage no longer occurs exactly once."))
        version = version_create(
            statement=statement,
            actor=actor,
            title=current.title,
            body=body,
            note=_("Amendment #%(number)s") % {"number": locked.number},
        )
        locked.state = AmendmentState.ACCEPTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.result_version = version
        locked.save(update_fields=["state", "decided_by", "decided_at", "result_version"])
        _audit(statement, actor, "amendment.accepted", amendment=locked.number)
    amendment.refresh_from_db()
    return version


def amendment_reject(*, amendment: Amendment, actor, reply: str) -> None:
    if not reply.strip():
        raise ValidationError({"reply": _("Say why the amendment is rejected.")})
    with transaction.atomic():
        locked = _open_amendment(amendment)
        locked.state = AmendmentState.REJECTED
        locked.reply = reply
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "reply", "decided_by", "decided_at"])
        _audit(locked.statement, actor, "amendment.rejected", amendment=locked.number)
    amendment.refresh_from_db()


def statement_open(*, statement: Statement, actor) -> None:
    """Open the draft for signatures by organizations; their people are told by email once
    per version (statements.notify, through a task after the commit)."""
    if statement.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be opened for signatures."))
    statement.status = Status.OPEN
    version_id = statement.current_version_id
    actor_id = getattr(actor, "pk", None)
    with transaction.atomic():
        statement.save(update_fields=["status"])
        _audit(statement, actor, "statement.opened", version=statement.current_version.number)
        transaction.on_commit(lambda: opening_notices_enqueue(statement.pk, version_id, actor_id))


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
    now = timezone.now()
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be published again."))
    revision = statement.status == Status.PUBLISHED and statement.is_public
    if revision and not statement.has_unpublished_changes:
        raise ValidationError(_("There is no new version to publish."))
    when = _publication_time(published_at, now)
    scheduled = when > now + dt.timedelta(seconds=1)
    with transaction.atomic():
        statement.publication_zone = zone
        fields = ["publication_zone", "scheduled_version", "scheduled_at"]
        if revision and scheduled:
            statement.scheduled_version, statement.scheduled_at = statement.current_version, when
        else:
            statement.status = Status.PUBLISHED
            statement.published_version = statement.current_version
            statement.scheduled_version, statement.scheduled_at = None, None
            fields += ["status", "published_version"]
            if not revision:
                statement.published_at, statement.announced_at = when, None
                fields += ["published_at", "announced_at"]
        statement.save(update_fields=fields)
        # A revision that was waiting and is now replaced never becomes a publication.
        statement.publications.filter(published_at__gt=now).delete()
        publication = Publication.objects.create(
            statement=statement, version=statement.current_version, published_at=when, actor=actor
        )
        action = "statement.revised" if revision else "statement.published"
        if scheduled:  # a first publication or a revision, told apart by the version
            action = "statement.scheduled"
        _audit(
            statement,
            actor,
            action,
            version=statement.current_version.number,
            when=when.isoformat(timespec="minutes"),
        )
        if revision and scheduled:
            version_id = statement.current_version_id
            transaction.on_commit(lambda: revision_apply_enqueue(statement.pk, version_id, when))
        elif revision:
            transaction.on_commit(lambda: revision_published.send(Statement, statement=statement))
        else:
            transaction.on_commit(lambda: announce_publication_enqueue(statement.pk, when))
    return publication


def revision_apply_due(*, statement: Statement) -> bool:
    """Make a scheduled revision the published text once its time has come (idempotent: the
    conditional UPDATE claims it; True only for the call that applied it)."""
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
        _audit(statement, None, "statement.revised", version=statement.published_version.number)
        transaction.on_commit(lambda: revision_published.send(Statement, statement=statement))
    forget_page(statement.slug)
    return True


def revision_apply_enqueue(statement_id: int, version_id: int, when: dt.datetime) -> None:
    """A deferred task applies the revision on time; without deferral (the tests' immediate
    backend) the first read after that time applies it (get_public_statement)."""
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
        _audit(statement, actor, "statement.withdrawn")


def translation_save(
    *,
    statement: Statement,
    actor,
    language: str,
    title: str,
    body: str,
    teaser: str = "",
    translator: str = "",
    kind: str = "human",
    reviewed: bool = False,
) -> Translation:
    """Add or replace the translation into `language` of the version readers see now
    (the shared workflow: caucus/translations/services.py)."""
    return content_translations.translation_save(
        translatable=STATEMENT,
        source=statement,
        actor=actor,
        language=language,
        texts={"title": title, "teaser": teaser, "body": body},
        translator=translator,
        kind=kind,
        reviewed=reviewed,
    )


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
