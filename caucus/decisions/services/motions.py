"""Motions: proposed by a member organization, editable until they are put to a vote."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.decisions.models import Meeting, MinutesVersion, Motion, MotionState, Vote
from caucus.organizations.models import Organization


def _check_minutes(coalition: Coalition, minutes: MinutesVersion | None) -> None:
    if minutes is not None and minutes.meeting.coalition_id != coalition.pk:
        raise ValidationError({"approves_minutes": _("These minutes belong to another coalition.")})


def _check_motion_orgs(coalition: Coalition, proposer: Organization, seconders) -> None:
    active = set(coalition.active_members().values_list("organization_id", flat=True))
    if proposer.pk not in active:
        raise ValidationError({"organization": _("Only active member organizations propose.")})
    if any(org.pk not in active or org.pk == proposer.pk for org in seconders):
        raise ValidationError(
            {"seconders": _("Seconders must be other active member organizations.")}
        )


def motion_propose(
    *,
    coalition: Coalition,
    organization: Organization,
    actor,
    title: str,
    text: str,
    seconders=(),
    meeting: Meeting | None = None,
    approves_minutes: MinutesVersion | None = None,
) -> Motion:
    _check_motion_orgs(coalition, organization, seconders)
    _check_minutes(coalition, approves_minutes)
    if meeting is not None and meeting.coalition_id != coalition.pk:
        raise ValidationError({"meeting": _("This meeting belongs to another coalition.")})
    with transaction.atomic():
        motion = Motion.objects.create(
            coalition=coalition,
            meeting=meeting,
            title=title,
            text=text,
            proposer=organization,
            proposed_by=actor,
            approves_minutes=approves_minutes,
        )
        motion.seconders.set(seconders)
        audit_record(
            actor=actor,
            action="motion.proposed",
            coalition=coalition,
            motion=motion.pk,
            org=organization.display_name,
        )
    return motion


def motion_update(
    *,
    motion: Motion,
    actor,
    title: str,
    text: str,
    seconders=(),
    meeting: Meeting | None = None,
    approves_minutes: MinutesVersion | None = None,
) -> None:
    """Edit a motion that is not yet put to a vote; once voting opens its text is fixed."""
    with transaction.atomic():
        locked = Motion.objects.select_for_update().get(pk=motion.pk)
        if locked.state != MotionState.DRAFT or Vote.objects.filter(motion=motion).exists():
            raise ValidationError(_("Voting on this motion has opened; it can no longer change."))
        _check_motion_orgs(motion.coalition, motion.proposer, seconders)
        _check_minutes(motion.coalition, approves_minutes)
        motion.title, motion.text, motion.meeting = title, text, meeting
        motion.approves_minutes = approves_minutes
        motion.save(update_fields=["title", "text", "meeting", "approves_minutes"])
        motion.seconders.set(seconders)
        audit_record(
            actor=actor, action="motion.updated", coalition=motion.coalition, motion=motion.pk
        )
