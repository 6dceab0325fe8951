"""Amendments to a draft: proposing one on a passage, rebasing a stale one, accepting (a new
version) or rejecting it with a reply."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.lib.markdown_text import source_passage
from caucus.statements.models import (
    Amendment,
    AmendmentKind,
    AmendmentState,
    Statement,
    StatementVersion,
    Status,
)
from caucus.statements.services.common import audit, current_version
from caucus.statements.services.drafting import version_create


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
        audit(statement, actor, "amendment.proposed", amendment=amendment.number)
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
        current = current_version(statement)
        if locked.apply_to(current.body) is None:
            raise ValidationError(
                _("The passage no longer occurs exactly once in the current version.")
            )
        old = locked.version.number
        locked.version = current
        locked.save(update_fields=["version"])
        audit(
            statement,
            actor,
            "amendment.rebased",
            amendment=locked.number,
            old=old,
            version=current.number,
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
        current = current_version(statement)
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
        if version is None:
            raise ValidationError(_("The amendment leaves the text as it is."))
        locked.state = AmendmentState.ACCEPTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.result_version = version
        locked.save(update_fields=["state", "decided_by", "decided_at", "result_version"])
        audit(statement, actor, "amendment.accepted", amendment=locked.number)
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
        audit(locked.statement, actor, "amendment.rejected", amendment=locked.number)
    amendment.refresh_from_db()
