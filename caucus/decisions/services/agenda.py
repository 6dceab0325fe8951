"""A meeting's agenda: items in order, each optionally about one of the coalition's own things."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.decisions.models import AgendaItem, Meeting, Motion
from caucus.decisions.services.meetings import lock_open_meeting, refuse_if_cancelled


def _check_agenda_target(meeting: Meeting, motion, statement, campaign) -> None:
    """An item is about at most one thing, and only something of the meeting's coalition."""
    if sum(target is not None for target in (motion, statement, campaign)) > 1:
        raise ValidationError(_("Link an item to one motion, statement or campaign at most."))
    coalition_id = meeting.coalition_id
    if motion is not None and motion.coalition_id != coalition_id:
        raise ValidationError({"motion": _("This motion belongs to another coalition.")})
    if statement is not None and statement.author_coalition_id != coalition_id:
        raise ValidationError({"statement": _("This statement is not the coalition's.")})
    if campaign is not None and campaign.coalition_id != coalition_id:
        raise ValidationError({"campaign": _("This campaign belongs to another coalition.")})


def _lock_agenda(meeting: Meeting) -> list[int]:
    """Lock the meeting (one agenda editor at a time), refuse if it was cancelled meanwhile,
    and return its items' ids in order."""
    lock_open_meeting(meeting)
    return list(meeting.agenda.order_by("position").values_list("pk", flat=True))


def _renumber(meeting: Meeting, order: list[int]) -> None:
    """Positions 1..n in `order`, never breaking the unique (meeting, position) on the way:
    first lift every item above the current top, then set each final position."""
    items = AgendaItem.objects.filter(meeting=meeting)
    top = items.aggregate(top=models.Max("position"))["top"] or 0
    items.update(position=models.F("position") + top + 1)
    for position, pk in enumerate(order, start=1):
        AgendaItem.objects.filter(pk=pk).update(position=position)


def agenda_add(
    *,
    meeting: Meeting,
    actor,
    title: str,
    motion: Motion | None = None,
    statement=None,
    campaign=None,
) -> AgendaItem:
    """Add an item at the end, optionally about one of the coalition's motions, statements or
    campaigns."""
    refuse_if_cancelled(meeting)
    _check_agenda_target(meeting, motion, statement, campaign)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                order = _lock_agenda(meeting)
                top = meeting.agenda.aggregate(top=models.Max("position"))["top"] or 0
                if top != len(order):
                    _renumber(meeting, order)
                item = AgendaItem.objects.create(
                    meeting=meeting,
                    position=len(order) + 1,
                    title=title,
                    motion=motion,
                    statement=statement,
                    campaign=campaign,
                )
                audit_record(
                    actor=actor,
                    action="agenda.item_added",
                    coalition=meeting.coalition,
                    meeting=meeting.pk,
                    position=item.position,
                    title=title[:80],
                )
                return item
        except IntegrityError:  # SQLite has no row locks: another editor took the position
            continue
    raise ValidationError(_("The agenda is being edited by someone else; try again."))


def agenda_update(
    *,
    item: AgendaItem,
    actor,
    title: str,
    motion: Motion | None = None,
    statement=None,
    campaign=None,
) -> None:
    """Retitle an item or change what it links to; a new link replaces an older pasted URL."""
    meeting = item.meeting
    refuse_if_cancelled(meeting)
    _check_agenda_target(meeting, motion, statement, campaign)
    with transaction.atomic():
        if item.pk not in _lock_agenda(meeting):  # a cancel or a removal may have won the race
            raise ValidationError(_("This agenda item was removed meanwhile."))
        new = {"title": title, "motion": motion, "statement": statement, "campaign": campaign}
        if all(getattr(item, name) == value for name, value in new.items()) and not (
            item.target is not None and item.link
        ):
            return  # what is there already: nothing written or logged
        item.title, item.motion, item.statement, item.campaign = title, motion, statement, campaign
        fields = ["title", "motion", "statement", "campaign"]
        if item.target is not None and item.link:
            item.link = ""
            fields.append("link")
        item.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="agenda.item_updated",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            position=item.position,
        )


def agenda_move(*, item: AgendaItem, actor, position: int) -> None:
    """Move an item to `position` (1 is first); the items in between shift by one."""
    meeting = item.meeting
    refuse_if_cancelled(meeting)
    with transaction.atomic():
        order = _lock_agenda(meeting)
        if item.pk not in order:
            raise ValidationError(_("This agenda item was removed meanwhile."))
        if not isinstance(position, int) or not 1 <= position <= len(order):
            raise ValidationError(
                {"position": _("Choose a position from 1 to %(n)s.") % {"n": len(order)}}
            )
        old = order.index(item.pk) + 1
        if old == position:
            return
        order.remove(item.pk)
        order.insert(position - 1, item.pk)
        _renumber(meeting, order)
        item.position = position
        audit_record(
            actor=actor,
            action="agenda.item_moved",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            title=item.title[:80],
            old=old,
            new=position,
        )


def agenda_remove(*, item: AgendaItem, actor) -> None:
    """Remove an item; the items after it move up."""
    meeting = item.meeting
    refuse_if_cancelled(meeting)
    with transaction.atomic():
        order = _lock_agenda(meeting)
        if item.pk not in order:
            return
        AgendaItem.objects.filter(pk=item.pk).delete()
        order.remove(item.pk)
        _renumber(meeting, order)
        audit_record(
            actor=actor,
            action="agenda.item_removed",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            title=item.title[:80],
        )
