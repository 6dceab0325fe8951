"""Writing to the audit log; every service that changes membership, roles or platform calls it."""

from caucus.audit.actions import ACTIONS
from caucus.audit.models import AuditEntry


def audit_record(*, actor, action: str, organization=None, coalition=None, **data) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to caucus/audit/actions.py")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=str(actor) if actor is not None and actor.is_authenticated else "",
        action=action,
        organization=organization,
        coalition=coalition,
        data={key: str(value) for key, value in data.items()},
    )
