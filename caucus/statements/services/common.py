"""What the statements workflows share: the audit entry of an action on a statement."""

from caucus.audit.services import audit_record
from caucus.statements.models import Statement


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
