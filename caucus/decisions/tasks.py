"""Background work for decisions: meeting invitations with .ics, ballot receipts, closing."""

from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from caucus.accounts.emails import send_templated, send_to_each, user_language
from caucus.lib.ical import event_uid, new_calendar
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Organization


def meeting_ics(meeting) -> bytes:
    """An iCalendar message for the meeting, with local times in its own zone.

    One UID for the meeting's life; SEQUENCE and LAST-MODIFIED change with every change the
    invitees were told about, so calendar apps replace their copy (RFC 5546). A cancelled
    meeting is a CANCEL with STATUS:CANCELLED.
    """
    from icalendar import Event

    cancelled = meeting.cancelled_at is not None
    cal = new_calendar("decisions", method="CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", event_uid(f"meeting-{meeting.pk}"))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", f"{meeting.title} ({meeting.coalition.name})")
    event.add("dtstart", meeting.local_start())
    event.add("dtend", meeting.local_end())
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.modified)
    event.add("url", absolute_url(meeting.get_absolute_url()))
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if sender:
        event.add("organizer", f"mailto:{sender}", parameters={"cn": meeting.coalition.name})
    if meeting.place or meeting.online_link:
        event.add("location", meeting.online_link or meeting.place)
    agenda = "\n".join(str(item) for item in meeting.agenda.all())
    if cancelled and meeting.cancel_reason:
        agenda = f"{meeting.cancel_reason}\n\n{agenda}".strip()
    if agenda:
        event.add("description", agenda)
    cal.add_component(event)
    return cal.to_ical()


def _people(organizations):
    from caucus.accounts.models import User

    return User.objects.filter(
        memberships__organization__in=organizations, is_active=True
    ).distinct()


def _send(template: str, meeting, people, ics: bytes, context: dict) -> None:
    method = "CANCEL" if meeting.cancelled_at is not None else "REQUEST"
    link = absolute_url(meeting.get_absolute_url())
    attachments = [("invitation.ics", ics, f"text/calendar; method={method}")]
    send_to_each(
        people,
        lambda person: send_templated(
            template,
            to=[person.email],
            context={
                **context,
                "meeting": meeting,
                "user": person,
                "link": link,
                "site_url": settings.SITE_URL,
            },
            language=user_language(person),
            attachments=attachments,
        ),
    )


@task()
def send_meeting_invitations(meeting_id: int) -> None:
    """Email every person of the invited organizations, once (claimed by invitations_sent_at)."""
    from caucus.decisions.models import Meeting

    claimed = Meeting.objects.filter(pk=meeting_id, invitations_sent_at=None).update(
        invitations_sent_at=timezone.now()
    )
    if claimed != 1:
        return
    meeting = Meeting.objects.select_related("coalition").get(pk=meeting_id)
    if meeting.cancelled_at is not None:
        return  # cancelled before anyone was told
    people = _people(meeting.invited.all())
    _send("decisions-meeting-invitation", meeting, people, meeting_ics(meeting), {})


def _previous_times(change) -> dict:
    """The times before the change, as datetimes for the templates (was_starts_at, …)."""
    return {
        f"was_{name}": datetime.fromisoformat(change.previous[name])
        for name in ("starts_at", "ends_at")
        if name in change.previous
    }


@task()
def send_meeting_change(change_id: int) -> None:
    """Tell the invitees about a change, once (claimed by notified_at), with the current .ics.

    People of organizations newly invited get the invitation; people of organizations no
    longer invited get a cancellation; everyone else the update (or the cancellation).
    Nothing goes out when the first invitations have not: they will carry the current details.
    """
    from caucus.decisions.models import ChangeKind, MeetingChange

    claimed = MeetingChange.objects.filter(pk=change_id, notified_at=None).update(
        notified_at=timezone.now()
    )
    if claimed != 1:
        return
    change = MeetingChange.objects.select_related("meeting__coalition").get(pk=change_id)
    meeting = change.meeting
    if meeting.invitations_sent_at is None:
        return
    ics = meeting_ics(meeting)
    context = {"change": change, "fields": set(change.fields), **_previous_times(change)}
    if change.kind == ChangeKind.CANCELLED:
        _send("decisions-meeting-cancelled", meeting, _people(meeting.invited.all()), ics, context)
        return
    invited = _people(meeting.invited.exclude(pk__in=change.added))
    added = _people(meeting.invited.filter(pk__in=change.added)).exclude(
        pk__in=invited.values("pk")
    )
    removed = _people(Organization.objects.filter(pk__in=change.removed)).exclude(
        pk__in=_people(meeting.invited.all()).values("pk")
    )
    if set(change.fields) - {"invited"}:
        _send("decisions-meeting-changed", meeting, invited, ics, context)
    _send("decisions-meeting-invitation", meeting, added, ics, {})
    if removed.exists():
        # For them the meeting is off: the same UID with STATUS:CANCELLED.
        meeting.cancelled_at = change.created
        _send(
            "decisions-meeting-cancelled",
            meeting,
            removed,
            meeting_ics(meeting),
            {**context, "uninvited": True},
        )


@task()
def send_receipt(entry_id: int, user_id: int) -> None:
    """The ballot's tracker by email, so the delegate can check the ledger later."""
    from caucus.accounts.models import User
    from caucus.decisions.models import LedgerEntry

    entry = LedgerEntry.objects.select_related("vote__motion__coalition").get(pk=entry_id)
    person = User.objects.get(pk=user_id)
    vote = entry.vote
    link = absolute_url(vote.get_absolute_url() + f"ledger/?tracker={entry.entry_hash}")
    send_templated(
        "decisions-receipt",
        to=[person.email],
        context={
            "vote": vote,
            "motion": vote.motion,
            "tracker": entry.entry_hash,
            "link": link,
            "user": person,
            "site_url": settings.SITE_URL,
        },
        language=user_language(person),
    )


@task()
def close_vote_task(vote_id: int) -> None:
    """Close a vote at its closing time; a no-op when it is already closed or not yet due."""
    from caucus.decisions.models import Vote
    from caucus.decisions.services.votes import schedule_close, vote_close

    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None or vote.state != "open":
        return
    closes = vote.signed_times()[1]  # the manifest's close, not the column (ledger review F2)
    if timezone.now() < closes:
        if closes - timezone.now() > timedelta(seconds=1):
            schedule_close(vote)  # the worker ran early; ask again
        return
    vote_close(vote=vote, trigger="task")
