"""Workflows of meetings, motions and votes, shared by the web views, the API and commands."""

import json
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.audit.services import audit_record
from caucus.coalitions.models import Coalition
from caucus.decisions import keys, ledger
from caucus.decisions.methods import RULES, options_for, tally
from caucus.decisions.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    ChangeKind,
    EntryKind,
    HeadEvent,
    HeadPost,
    LedgerEntry,
    Meeting,
    MeetingChange,
    MinutesVersion,
    Motion,
    MotionState,
    Vote,
    VoteState,
    VotingWeight,
)
from caucus.lib.zones import LocalTimeError, get_zone, parse_fold, to_utc, wall_clock
from caucus.organizations.models import Organization

iso = ledger.iso  # the ledger's timestamps: UTC, fixed width, so that they compare as strings


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


# --- Meetings -------------------------------------------------------------------------------


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
    agenda: list[str] = (),
    starts_fold: str | int | None = None,
    ends_fold: str | int | None = None,
) -> Meeting:
    """Schedule a meeting from local times in `time_zone`; invitations go out from the worker.

    `starts_fold`/`ends_fold` say which of two repeated times is meant (see caucus/lib/zones).
    """
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


def _lock(meeting: Meeting) -> None:
    """Hold the meeting's row until the transaction ends: one change of it at a time."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


def _lock_open_meeting(meeting: Meeting) -> None:
    """Lock the meeting, reload what another request may have changed, refuse if cancelled."""
    _lock(meeting)
    meeting.refresh_from_db()
    _refuse_if_cancelled(meeting)


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.cancelled_at is not None:
        raise ValidationError(_("This meeting is cancelled; it can no longer change."))


def _record_change(meeting: Meeting, actor, **fields) -> MeetingChange:
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
        _lock_open_meeting(meeting)
        zone = time_zone or meeting.time_zone
        if starts is None:
            starts, starts_fold = wall_clock(meeting.starts_at, meeting.zone)
        if ends is None:
            ends, ends_fold = wall_clock(meeting.ends_at, meeting.zone)
        new = {
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
            _record_change(
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
        _lock_open_meeting(meeting)
        meeting.cancelled_at, meeting.cancel_reason = timezone.now(), reason
        meeting.save(update_fields=["cancelled_at", "cancel_reason"])
        change = _record_change(meeting, actor, kind=ChangeKind.CANCELLED, reason=reason)
        audit_record(
            actor=actor,
            action="meeting.cancelled",
            coalition=meeting.coalition,
            meeting=meeting.pk,
            title=meeting.title,
            reason=reason[:200],
        )
    return change


# --- The agenda -----------------------------------------------------------------------------


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
    """Lock the meeting (one agenda editor at a time) and return its items' ids in order."""
    _lock(meeting)
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
    _refuse_if_cancelled(meeting)
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
    _refuse_if_cancelled(meeting)
    _check_agenda_target(meeting, motion, statement, campaign)
    with transaction.atomic():
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
    _refuse_if_cancelled(meeting)
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
    _refuse_if_cancelled(meeting)
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


def attendance_record(*, meeting: Meeting, actor, statuses: dict[int, str]) -> None:
    """Set each organization's attendance (organization id → status); blank leaves it unset."""
    with transaction.atomic():
        for org_id, status in statuses.items():
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


# --- The joint action plan ------------------------------------------------------------------


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


# --- Motions --------------------------------------------------------------------------------


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


# --- Votes ----------------------------------------------------------------------------------


def weights_set(*, coalition: Coalition, actor, weights: dict[int, int]) -> None:
    """Set each member organization's ballot weight (organization id → weight; 1 is the default).

    Votes already open keep the weights frozen in their manifests.
    """
    active = set(coalition.active_members().values_list("organization_id", flat=True))
    if any(org_id not in active or weight < 1 for org_id, weight in weights.items()):
        raise ValidationError(_("Weights are whole numbers of at least 1, for active members."))
    with transaction.atomic():
        for org_id, weight in weights.items():
            if weight == 1:
                VotingWeight.objects.filter(coalition=coalition, organization_id=org_id).delete()
            else:
                VotingWeight.objects.update_or_create(
                    coalition=coalition, organization_id=org_id, defaults={"weight": weight}
                )
        audit_record(
            actor=actor,
            action="vote.weights_set",
            coalition=coalition,
            weights=", ".join(f"{k}={v}" for k, v in sorted(weights.items()) if v != 1) or "1",
        )


def manifest_of(vote: Vote) -> dict:
    opening = vote.entries.filter(height=0).first()
    return json.loads(opening.payload) if opening else {}


def _eligible(coalition: Coalition) -> list[dict]:
    weights = dict(
        VotingWeight.objects.filter(coalition=coalition).values_list("organization_id", "weight")
    )
    rows = coalition.active_members().order_by("organization__slug")
    return [
        {
            "org": m.organization.slug,
            "name": m.organization.name,
            "weight": weights.get(m.organization_id, 1),
        }
        for m in rows
    ]


def vote_open(
    *,
    motion: Motion,
    actor,
    rules: list[str],
    quorum_percent: int,
    opens_at: datetime,
    closes_at: datetime,
    recorded: bool = True,
    threshold_percent: int | None = None,
    _backfill: bool = False,
) -> Vote:
    """Fix the voting setup in a signed manifest (the ledger's first entry) and open the vote."""
    if not rules or any(rule not in RULES for rule in rules):
        raise ValidationError({"rules": _("Choose at least one known method.")})
    if "threshold" in rules and not threshold_percent:
        raise ValidationError({"threshold_percent": _("Give the threshold as a percentage.")})
    if not 0 <= quorum_percent <= 100 or not 0 <= (threshold_percent or 0) <= 100:
        raise ValidationError({"quorum_percent": _("Percentages are between 0 and 100.")})
    if closes_at <= opens_at or (closes_at <= timezone.now() and not _backfill):
        raise ValidationError({"closes_at": _("Voting must close after it opens, in the future.")})
    eligible = _eligible(motion.coalition)
    if not eligible:
        raise ValidationError(_("The coalition has no active member organizations."))
    with transaction.atomic():
        locked = Motion.objects.select_for_update().get(pk=motion.pk)
        if locked.state != MotionState.DRAFT:
            raise ValidationError(_("This motion has already been put to a vote."))
        vote = Vote.objects.create(
            motion=motion,
            opens_at=opens_at,
            closes_at=closes_at,
            rules=sorted(rules),
            threshold_percent=threshold_percent if "threshold" in rules else None,
            quorum_percent=quorum_percent,
            recorded=recorded,
            opened_by=actor,
        )
        manifest = {
            "format": "caucus-vote/1",
            "vote": vote.pk,
            "coalition": motion.coalition.slug,
            "motion": {
                "id": motion.pk,
                "title": motion.title,
                "text_sha256": ledger.sha256(motion.text),
            },
            "options": options_for(rules),
            "rules": vote.rules,
            "threshold_percent": vote.threshold_percent,
            "quorum_percent": quorum_percent,
            "opens_at": iso(opens_at),
            "closes_at": iso(closes_at),
            "recorded": recorded,
            "eligible": eligible,
            "public_key": keys.public_key_hex(),
        }
        if motion.approves_minutes is not None:
            minutes = motion.approves_minutes
            manifest["approves_minutes"] = {
                "meeting": minutes.meeting_id,
                "version": minutes.number,
                "text_sha256": ledger.sha256(minutes.text),
            }
        entry = ledger.append(vote, EntryKind.OPEN, manifest)
        vote.fingerprint = entry.payload_hash
        vote.save(update_fields=["fingerprint"])
        motion.state = MotionState.VOTING
        motion.save(update_fields=["state"])
        head_post(vote=vote, event=HeadEvent.OPEN, entry=entry)
        audit_record(
            actor=actor,
            action="vote.opened",
            coalition=motion.coalition,
            vote=vote.pk,
            motion=motion.title[:80],
            fingerprint=vote.fingerprint,
            head=entry.entry_hash,
        )
        transaction.on_commit(lambda: schedule_close(vote))
    return vote


def head_post(*, vote: Vote, event: str, entry: LedgerEntry) -> HeadPost:
    """Post the ledger's head to the coalition's public activity feed (ledger heads, Atom)."""
    return HeadPost.objects.create(
        vote=vote, event=event, height=entry.height, head_hash=entry.entry_hash
    )


def _approve_minutes_by(motion: Motion) -> None:
    """An adopted motion approving minutes approves that version (issue 6, point 2)."""
    version = motion.approves_minutes
    Meeting.objects.filter(pk=version.meeting_id).update(approved_minutes=version)
    audit_record(
        actor=None,
        action="meeting.minutes_approved",
        coalition=motion.coalition,
        meeting=version.meeting_id,
        version=version.number,
        motion=motion.pk,
    )


def schedule_close(vote: Vote) -> None:
    """Ask the worker to close the vote at its closing time, if the backend can defer."""
    from caucus.decisions.tasks import close_vote_task

    if close_vote_task.get_backend().supports_defer:
        close_vote_task.using(run_after=vote.signed_times()[1]).enqueue(vote.pk)


def ballot_cast(*, vote: Vote, organization: Organization, actor, choice: str):
    """Append a ballot for `organization`; the last one before closing counts. Emails a receipt."""
    from caucus.decisions.tasks import send_receipt

    close_if_due(vote)
    opens, closes = vote.signed_times()  # the manifest's window, not the columns (F2)
    now = timezone.now()
    if vote.state != VoteState.OPEN or now >= closes:
        raise ValidationError(_("Voting has closed."))
    if now < opens:
        raise ValidationError(_("Voting has not opened yet."))
    manifest = manifest_of(vote)
    if organization.slug not in {row["org"] for row in manifest["eligible"]}:
        raise ValidationError({"organization": _("This organization is not eligible to vote.")})
    if choice not in manifest["options"]:
        raise ValidationError({"choice": _("This choice is not offered in this vote.")})

    def payload() -> dict:
        # Stamped under the ledger's write, so `cast_at` follows chain order (F9).
        stamped = timezone.now()
        if stamped >= closes:
            raise ValidationError(_("Voting has closed."))
        return {
            "org": organization.slug,
            "choice": choice,
            "cast_at": iso(stamped),
            "nonce": secrets.token_hex(8),
        }

    with transaction.atomic():
        entry = ledger.append(vote, EntryKind.BALLOT, payload)
        transaction.on_commit(lambda: send_receipt.enqueue(entry.pk, actor.pk))
    return entry


def last_ballots(vote: Vote) -> dict[str, str]:
    last: dict[str, str] = {}
    for text in (
        vote.entries.filter(kind=EntryKind.BALLOT)
        .order_by("height")
        .values_list("payload", flat=True)
    ):
        payload = json.loads(text)
        last[payload["org"]] = payload["choice"]
    return last


def close_if_due(vote: Vote) -> bool:
    """Close-on-read: any read after the closing time closes the vote first."""
    if vote.is_due():
        closed = vote_close(vote=vote, trigger="read")
        vote.refresh_from_db()
        vote.motion.refresh_from_db()
        return closed
    return False


def vote_close(*, vote: Vote, trigger: str) -> bool:
    """Close a due vote once: claim it, append closing and result entries, number a resolution.

    Idempotent: the claim is a conditional UPDATE, so a second or late call changes nothing
    and returns False.
    """
    for _attempt in range(3):
        try:
            return _close(vote, trigger)
        except IntegrityError:  # two resolutions numbered at once; the loser tries again
            continue
    return False


def _close(vote: Vote, trigger: str) -> bool:
    now = timezone.now()
    closes = vote.signed_times()[1]
    if now < closes:  # the manifest's close decides, whatever the column says (F2)
        return False
    with transaction.atomic():
        claimed = Vote.objects.filter(pk=vote.pk, state=VoteState.OPEN).update(
            state=VoteState.CLOSED, closed_at=now
        )
        if claimed != 1:
            return False
        manifest = manifest_of(vote)
        # The scheduled close (from the manifest) beside the moment the closing ran, so the
        # verifier can tell that no counted ballot came after the scheduled close.
        ledger.append(
            vote,
            EntryKind.CLOSE,
            {"closes_at": manifest["closes_at"], "closed_at": iso(now), "trigger": trigger},
        )
        result = tally(manifest, last_ballots(vote))
        motion = Motion.objects.select_for_update().get(pk=vote.motion_id)
        if result["outcome"] == "adopted":
            year = closes.year
            top = Motion.objects.filter(coalition_id=motion.coalition_id, resolution_year=year)
            top = top.aggregate(n=models.Max("resolution_number"))["n"] or 0
            motion.state = MotionState.ADOPTED
            motion.resolution_year, motion.resolution_number = year, top + 1
            motion.adopted_at = closes
        else:
            motion.state = MotionState.REJECTED
        motion.save(update_fields=["state", "resolution_year", "resolution_number", "adopted_at"])
        result["resolution"] = (
            f"{motion.resolution_year}/{motion.resolution_number}"
            if motion.resolution_number
            else None
        )
        if manifest["recorded"]:
            result["ballots"] = dict(sorted(last_ballots(vote).items()))
        entry = ledger.append(vote, EntryKind.RESULT, result)
        Vote.objects.filter(pk=vote.pk).update(result=result)
        head_post(vote=vote, event=HeadEvent.CLOSE, entry=entry)
        if result["outcome"] == "adopted" and motion.approves_minutes_id:
            _approve_minutes_by(motion)
        audit_record(
            actor=None,
            action="vote.closed",
            coalition=motion.coalition,
            vote=vote.pk,
            outcome=result["outcome"],
            head=entry.entry_hash,
        )
    vote.refresh_from_db()
    return True
