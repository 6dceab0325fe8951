"""The joint action plan: actions agreed by the coalition and their status."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.decisions.models import ActionItem, ActionStatus, Meeting


def action_create(
    *, coalition: Coalition, actor, text: str, responsible, due=None, meeting: Meeting | None = None
) -> ActionItem:
    if not responsible:
        raise ValidationError({"responsible": _("Name at least one responsible organization.")})
    with transaction.atomic():
        action = ActionItem.objects.create(coalition=coalition, meeting=meeting, text=text, due=due)
        action.responsible.set(responsible)
        audit_record(
            actor=actor,
            action="action.created",
            coalition=coalition,
            item=action.pk,
            text=text[:80],
        )
    return action


def action_set_status(*, action: ActionItem, actor, status: str) -> None:
    """Planned, in progress, done or dropped; set by a coordinator or a responsible org."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status == action.status:
        return
    with transaction.atomic():
        old = action.status
        action.status, action.updated = status, timezone.now()
        action.save(update_fields=["status", "updated"])
        audit_record(
            actor=actor,
            action="action.status_changed",
            coalition=action.coalition,
            item=action.pk,
            old=old,
            new=status,
        )
