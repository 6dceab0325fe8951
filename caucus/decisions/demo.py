"""Demo data for this app, loaded by `manage.py loaddemo` after the demo coalition exists.

A past founding assembly with approved minutes and an action plan; three adopted resolutions
whose ledgers verify (two of them solidarity with prosecuted union activists, all fictional);
and one open vote the demo delegates can cast.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from caucus.decisions import ledger
from caucus.decisions.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    EntryKind,
    HeadEvent,
    Meeting,
    MinutesVersion,
    Motion,
)
from caucus.decisions.services import votes
from caucus.organizations.models import Membership, Role

TITLE = "Founding assembly (online)"
RESOLUTIONS = [
    (
        "Solidarity with the Piraeus dockworkers on trial",
        "The coalition stands with the four fictional dockworkers of ΟΣΕΠ charged for a lawful "
        "strike, calls for the charges to be dropped, and asks every member organization to send "
        "observers to the trial.",
        "osep",
    ),
    (
        "Solidarity with the imprisoned Sumqayıt oil workers' organizers",
        "The coalition demands the release of the fictional NHİ organizers detained after a "
        "safety protest, and will hold a day of action on the date of their appeal.",
        "neft-ittifaq",
    ),
    (
        "Adoption of the 2026 calendar of joint action",
        "The coalition adopts the calendar of two international days of action and a two-week "
        "campaign, with the joint declaration published in seven languages.",
        "demiryol-is",
    ),
]
MINUTES = """## Present

All eleven member organizations.

## Decisions

1. The platform of eight points is adopted.
2. Resolutions 1 to 3 are put to an online vote after the meeting.
3. The secretariat drafts the joint declaration.
"""


def _past_vote(motion, opens, closes, orgs, choices) -> None:
    """A vote of the past, written as the services write one, with its ballots stamped at the
    time they would have been cast (the services stamp ballots with the present)."""
    vote = votes.vote_open(
        motion=motion,
        actor=None,
        rules=["simple"],
        quorum_percent=50,
        opens_at=opens,
        closes_at=closes,
        _backfill=True,
    )
    for index, (org, choice) in enumerate(zip(orgs, choices, strict=False)):
        opening = ledger.opening(choice, secrets.token_hex(16))
        entry = ledger.append(
            vote,
            EntryKind.BALLOT,
            {
                "org": org.slug,
                "cast_at": ledger.iso(opens + timedelta(minutes=10 + index)),
                "choice_commitment": ledger.sha256(opening),
                "nonce": secrets.token_hex(16),
            },
            opening_text=opening,
        )
        votes.head_post(vote=vote, event=HeadEvent.BALLOT, entry=entry)
    votes.vote_close(vote=vote, trigger="demo")


def load(*, coalition, stdout) -> None:
    """Add this app's fictional demo content to `coalition` (idempotent)."""
    if Meeting.objects.filter(coalition=coalition, title=TITLE).exists():
        return
    now = timezone.now()
    orgs = [m.organization for m in coalition.active_members().order_by("organization__slug")]
    by_slug = {org.slug: org for org in orgs}
    start = (now - timedelta(days=21)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        coalition=coalition,
        title=TITLE,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        time_zone="Europe/Istanbul",
        online_link="https://meet.caucus.example/founding",
        invitations_sent_at=start - timedelta(days=7),
    )
    meeting.invited.set(orgs)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=t)
        for n, t in enumerate(
            [
                "Opening and attendance",
                "Adoption of the platform",
                "Resolutions",
                "Calendar of joint action",
            ],
            start=1,
        )
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, organization=org, status="present") for org in orgs
    )
    MinutesVersion.objects.create(meeting=meeting, number=1, text=MINUTES.replace("eleven", "11"))
    approved = MinutesVersion.objects.create(meeting=meeting, number=2, text=MINUTES)
    Meeting.objects.filter(pk=meeting.pk).update(approved_minutes=approved)
    for text, slugs, due in [
        ("Translate the joint declaration into seven languages", ["osep", "fetrau"], 7),
        ("Send observers to the Piraeus trial", ["osep", "demiryol-is"], 14),
    ]:
        action = ActionItem.objects.create(
            coalition=coalition, meeting=meeting, text=text, due=(now + timedelta(days=due)).date()
        )
        action.responsible.set([by_slug[s] for s in slugs if s in by_slug])
    choices = ["for"] * 8 + ["abstain", "against"]
    for n, (title, text, slug) in enumerate(RESOLUTIONS):
        motion = Motion.objects.create(
            coalition=coalition,
            meeting=meeting,
            title=title,
            text=text,
            proposer=by_slug.get(slug, orgs[0]),
        )
        opens = start + timedelta(days=1, hours=n)
        _past_vote(motion, opens, opens + timedelta(days=3), orgs, choices)
        if n == 0:  # the agenda's "Resolutions" item is about the first of them
            meeting.agenda.filter(title="Resolutions").update(motion=motion)
    proposer = Membership.objects.filter(
        user__email="delegate@demo.caucus.example", role=Role.DELEGATE
    ).first()
    motion = Motion.objects.create(
        coalition=coalition,
        title="Join the international day of action on 1 May",
        text="Every member organization holds at least one public action on 1 May and "
        "registers it on the shared calendar.",
        proposer=proposer.organization if proposer else orgs[0],
    )
    votes.vote_open(
        motion=motion,
        actor=None,
        rules=["simple"],
        quorum_percent=50,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    stdout.write("  decisions: 1 meeting, 3 resolutions, 1 open vote")
