"""Meetings: scheduling, editing and cancelling, with .ics updates for the invitees."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.decisions.ledger import iso
from caucus.decisions.models import AgendaItem, ChangeKind, Meeting, MeetingChange
from caucus.lib.zones import LocalTimeError, get_zone, parse_fold, to_utc, wall_clock


def localize(naive: datetime, zone: str, *, fold=None, field: str = "") -> datetime:
    """The UTC instant of the wall-clock time `naive` in the IANA zone `zone`.

    A time the clocks skip, one that happens twice without `fold` ("0"/"1": which of the
    two), or one too far in the past or future is refused as an error of `field`.
    """
    tz = get_zone(zone)
    if tz is None:
        raise ValidationError({"time_zone": _("Unknown time zone.")})
    try:
        return to_utc(naive, tz, fold=parse_fold(fold))
    except LocalTimeError as exc:
        raise ValidationError({field: str(exc)} if field else str(exc)) from exc


def meeting_schedule(
    *,
    coalition: Coalition,
    actor,
    title: str,
    starts: datetime,
    ends: datetime,
    time_zone: str,
    place: str = "",
    online_link: str = "",
    invited=(),
    agenda: Sequence[str] = (),
    starts_fold: str | int | None = None,
    ends_fold: str | int | None = None,
) -> Meeting:
    """Schedule a meeting from local times in `time_zone`; invitations go out from the worker.

    `starts_fold`/`ends_fold` say which of two repeated times is meant (see caucus/lib/zones).
    """
    # Tasks are imported when used: defining them binds them to the task backend configured
    # at that moment, and the tests configure theirs after Django starts.
    from caucus.decisions.tasks import send_meeting_invitations

    starts_at = localize(starts, time_zone, fold=starts_fold, field="starts")
    ends_at = localize(ends, time_zone, fold=ends_fold, field="ends")
    if ends_at <= starts_at:
        raise ValidationError({"ends": _("The meeting must end after it starts.")})
    active = set(coalition.active_members().values_list("organization_id", flat=True))
    if any(org.pk not in active for org in invited):
        raise ValidationError({"invited": _("Only active member organizations can be invited.")})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            coalition=coalition,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            place=place,
            online_link=online_link,
            created_by=actor,
        )
        meeting.invited.set(invited)
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=n, title=line)
            for n, line in enumerate((a.strip() for a in agenda if a.strip()), start=1)
        )
        audit_record(
            actor=actor,
            action="meeting.scheduled",
            coalition=coalition,
            meeting=meeting.pk,
            title=title,
        )
        transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting.pk))
    return meeting


# Changes invitees must hear about: they bump the .ics SEQUENCE and email an update.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "time_zone", "place", "online_link")


def lock(meeting: Meeting) -> None:
    """Hold the meeting's row until the transaction ends: one change of it at a time."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


def lock_open_meeting(meeting: Meeting) -> None:
    """Lock the meeting, reload what another request may have changed, refuse if cancelled."""
    lock(meeting)
    meeting.refresh_from_db()
    refuse_if_cancelled(meeting)


def refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.cancelled_at is not None:
        raise ValidationError(_("This meeting is cancelled; it can no longer change."))


def record_change(meeting: Meeting, actor, **fields) -> MeetingChange:
    """Bump the meeting's SEQUENCE and queue the emails (the change row is the job)."""
    from caucus.decisions.tasks import send_meeting_change

    meeting.sequence += 1
    meeting.modified = timezone.now()
    meeting.save(update_fields=["sequence", "modified"])
    change = MeetingChange.objects.create(
        meeting=meeting, sequence=meeting.sequence, actor=actor, **fields
    )
    transaction.on_commit(lambda: send_meeting_change.enqueue(change.pk))
    return change


def _previous(meeting: Meeting, names) -> dict:
    values = {name: getattr(meeting, name) for name in names if name != "invited"}
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in values.items()}


def meeting_update(
    *,
    meeting: Meeting,
    actor,
    title: str | None = None,
    starts: datetime | None = None,
    ends: datetime | None = None,
    time_zone: str | None = None,
    place: str | None = None,
    online_link: str | None = None,
    invited=None,
    starts_fold: str | int | None = None,
    ends_fold: str | int | None = None,
) -> list[str]:
    """Edit or reschedule a meeting; an argument left as None keeps its value.

    1. `starts` and `ends` are wall-clock times in `time_zone` (or the meeting's zone); a
       time not given keeps its wall-clock time, so changing only the zone moves the meeting;
    2. a change of time, zone, place, link or invitees bumps the .ics SEQUENCE and emails the
       invited organizations an updated invitation (same UID) from the worker; organizations
       newly invited get the invitation, those no longer invited a cancellation;
    3. the change is audit-logged. Returns the names of the model fields that changed.
    """
    with transaction.atomic():
        lock_open_meeting(meeting)
        zone = time_zone or meeting.time_zone
        if starts is None:
            starts, starts_fold = wall_clock(meeting.starts_at, meeting.zone)
        if ends is None:
            ends, ends_fold = wall_clock(meeting.ends_at, meeting.zone)
        new: dict[str, Any] = {
            "title": meeting.title if title is None else title,
            "starts_at": localize(starts, zone, fold=starts_fold, field="starts"),
            "ends_at": localize(ends, zone, fold=ends_fold, field="ends"),
            "time_zone": zone,
            "place": meeting.place if place is None else place,
            "online_link": meeting.online_link if online_link is None else online_link,
        }
        if new["ends_at"] <= new["starts_at"]:
            raise ValidationError({"ends": _("The meeting must end after it starts.")})
        before = set(meeting.invited.values_list("pk", flat=True))
        after = before if invited is None else {org.pk for org in invited}
        active = set(meeting.coalition.active_members().values_list("organization_id", flat=True))
        if after - before - active:
            raise ValidationError(
                {"invited": _("Only active member organizations can be invited.")}
            )
        changed = [name for name, value in new.items() if getattr(meeting, name) != value]
        if after != before:
            changed.append("invited")
        if not changed:
            return []
        previous = _previous(meeting, changed)
        if {"starts_at", "ends_at"} & set(changed):
            meeting.original_starts_at = meeting.original_starts_at or meeting.starts_at
            meeting.rescheduled_at = timezone.now()
        for name, value in new.items():
            setattr(meeting, name, value)
        meeting.modified = timezone.now()
        meeting.save(update_fields=[*new, "original_starts_at", "rescheduled_at", "modified"])
        if after != before:
            meeting.invited.set(after)
        notified = [name for name in changed if name in NOTIFIED_FIELDS or name == "invited"]
        if notified:
            record_change(
                meeting,
                actor,
                kind=ChangeKind.UPDATED,
                fields=notified,
                previous=previous,
                added=sorted(after - before),
                removed=sorted(before - after),
            )
        audit_record(
            actor=actor,
            action="meeting.updated",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            title=meeting.title,
            fields=", ".join(changed),
        )
    return changed


def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> MeetingChange:
    """Cancel a meeting: invitees get a STATUS:CANCELLED .ics (same UID, next SEQUENCE)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the invited organizations why.")})
    with transaction.atomic():
        lock_open_meeting(meeting)
        meeting.cancelled_at, meeting.cancel_reason = timezone.now(), reason
        meeting.save(update_fields=["cancelled_at", "cancel_reason"])
        change = record_change(meeting, actor, kind=ChangeKind.CANCELLED, reason=reason)
        audit_record(
            actor=actor,
            action="meeting.cancelled",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            title=meeting.title,
            reason=reason[:200],
        )
    return change
