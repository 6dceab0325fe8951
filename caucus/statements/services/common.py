"""What the statements workflows share: the audit entry of an action on a statement, and its
current version (every statement has one from its creation on)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.statements.models import Statement, StatementVersion


def audit(statement: Statement, actor, action: str, **data) -> None:
    organization = statement.author_organization if statement.author_organization_id else None
    audit_record(
        actor=actor,
        action=action,
        organization=organization,
        coalition=statement.author_coalition,
        statement=statement.slug,
        **data,
    )


def current_version(statement: Statement) -> StatementVersion:
    """The version being drafted (or published); a refusal, never a crash, if it is missing."""
    version = statement.current_version
    if version is None:
        raise ValidationError(_("This statement has no text yet."))
    return version
