"""Attendance and minutes of a meeting: immutable numbered versions, approved by a coordinator
or by an adopted motion."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.decisions.models import Attendance, Meeting, MinutesVersion


def attendance_record(*, meeting: Meeting, actor, statuses: dict[int, str]) -> None:
    """Set each organization's attendance (organization id → status); blank leaves it unset.
    Statuses that are already so change and log nothing."""
    current = dict(
        Attendance.objects.filter(meeting=meeting).values_list("organization_id", "status")
    )
    changes = {org: status for org, status in statuses.items() if current.get(org, "") != status}
    if not changes:
        return
    with transaction.atomic():
        for org_id, status in changes.items():
            if status:
                Attendance.objects.update_or_create(
                    meeting=meeting, organization_id=org_id, defaults={"status": status}
                )
            else:
                Attendance.objects.filter(meeting=meeting, organization_id=org_id).delete()
        audit_record(
            actor=actor,
            action="meeting.attendance_recorded",
            coalition=meeting.coalition,
            meeting=meeting.pk,
        )


def minutes_save(*, meeting: Meeting, actor, text: str) -> MinutesVersion:
    """Save a new immutable version of the minutes (numbered 1, 2, …)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                latest = meeting.latest_minutes()
                if latest is not None and latest.text == text:
                    raise ValidationError({"text": _("Nothing changed since the last version.")})
                version = MinutesVersion.objects.create(
                    meeting=meeting,
                    number=(latest.number if latest else 0) + 1,
                    text=text,
                    author=actor,
                )
                audit_record(
                    actor=actor,
                    action="meeting.minutes_saved",
                    coalition=meeting.coalition,
                    meeting=meeting.pk,
                    version=version.number,
                )
                return version
        except IntegrityError:
            continue
    raise ValidationError(_("Someone else saved the minutes at the same time; try again."))


def minutes_approve(*, version: MinutesVersion, actor) -> None:
    meeting = version.meeting
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(approved_minutes=version)
        meeting.approved_minutes = version
        audit_record(
            actor=actor,
            action="meeting.minutes_approved",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            version=version.number,
        )
