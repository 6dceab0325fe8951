"""Background work for decisions: meeting invitations with .ics, ballot receipts, closing."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from caucus.accounts.emails import render_email
from caucus.accounts.tasks import send_email


def meeting_ics(meeting) -> bytes:
    """An iCalendar REQUEST for the meeting, with local times in its own zone."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Caucus//decisions//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("summary", f"{meeting.title} ({meeting.coalition.name})")
    event.add("dtstart", meeting.local_start())
    event.add("dtend", meeting.local_end())
    event.add("dtstamp", timezone.now())
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    if meeting.place or meeting.online_link:
        event.add("location", meeting.online_link or meeting.place)
    agenda = "\n".join(str(item) for item in meeting.agenda.all())
    if agenda:
        event.add("description", agenda)
    cal.add_component(event)
    return cal.to_ical()


@task()
def send_meeting_invitations(meeting_id: int) -> None:
    """Email every person of the invited organizations, once (claimed by invitations_sent_at)."""
    from caucus.accounts.models import User
    from caucus.decisions.models import Meeting

    claimed = Meeting.objects.filter(pk=meeting_id, invitations_sent_at=None).update(
        invitations_sent_at=timezone.now()
    )
    if claimed != 1:
        return
    meeting = Meeting.objects.select_related("coalition").get(pk=meeting_id)
    ics = meeting_ics(meeting)
    people = User.objects.filter(
        memberships__organization__in=meeting.invited.all(), is_active=True
    ).distinct()
    link = settings.SITE_URL + meeting.get_absolute_url()
    for person in people:
        subject, text, html = render_email(
            "decisions-meeting-invitation",
            {"meeting": meeting, "user": person, "link": link, "site_url": settings.SITE_URL},
        )
        message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
        message.attach_alternative(html, "text/html")
        message.attach("invitation.ics", ics, "text/calendar; method=REQUEST")
        message.send()


@task()
def send_receipt(entry_id: int, user_id: int) -> None:
    """The ballot's tracker by email, so the delegate can check the ledger later."""
    from caucus.accounts.models import User
    from caucus.decisions.models import LedgerEntry

    entry = LedgerEntry.objects.select_related("vote__motion__coalition").get(pk=entry_id)
    person = User.objects.get(pk=user_id)
    vote = entry.vote
    link = settings.SITE_URL + vote.get_absolute_url() + f"ledger/?tracker={entry.entry_hash}"
    subject, text, html = render_email(
        "decisions-receipt",
        {
            "vote": vote,
            "motion": vote.motion,
            "tracker": entry.entry_hash,
            "link": link,
            "user": person,
            "site_url": settings.SITE_URL,
        },
    )
    send_email.call(subject=subject, body=text, to=[person.email], html=html)


@task()
def close_vote_task(vote_id: int) -> None:
    """Close a vote at its closing time; a no-op when it is already closed or not yet due."""
    from caucus.decisions.models import Vote
    from caucus.decisions.services import schedule_close, vote_close

    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None or vote.state != "open":
        return
    if timezone.now() < vote.closes_at:
        if vote.closes_at - timezone.now() > timedelta(seconds=1):
            schedule_close(vote)  # the worker ran early; ask again
        return
    vote_close(vote=vote, trigger="task")
