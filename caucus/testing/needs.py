"""Things that need someone, made directly for the dashboard's tests and its selectors'."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from caucus.campaigns.models import Approval, Campaign, Event
from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator, MemberStatus
from caucus.decisions.models import Meeting
from caucus.signatures.tests.helpers import make_statement
from caucus.statements.models import Amendment, Statement, Status


def open_statement(coalition: Coalition, slug: str = "draft-declaration") -> Statement:
    return make_statement(slug=slug, status=Status.OPEN, coalition=coalition)


def open_amendment(statement: Statement, organization, number: int = 1) -> Amendment:
    return Amendment.objects.create(
        statement=statement,
        number=number,
        version=statement.current_version,
        kind="replace",
        passage="We declare.",
        replacement="We demand.",
        reason="Stronger.",
        organization=organization,
    )


def host_proposal(coalition: Coalition, slug: str = "spring", *, days: int = 10) -> Event:
    campaign = Campaign.objects.create(
        coalition=coalition,
        title=f"Campaign {slug}",
        slug=slug,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
    )
    starts = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        campaign=campaign,
        host_name="Neighbourhood Assembly",
        approval=Approval.PENDING,
        title=f"Picket for {slug}",
        kind="picket",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Santiago",
        city="Valparaíso",
        country="CL",
    )


def meeting(coalition: Coalition, *, days: int = 3, title: str = "Assembly") -> Meeting:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    return Meeting.objects.create(
        coalition=coalition,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Argentina/Buenos_Aires",
    )


def another_coalition(slug: str, organizations, coordinator=None) -> Coalition:
    coalition = Coalition.objects.create(slug=slug, name=f"{slug.title()} Coalition")
    now = timezone.now()
    for org in organizations:
        CoalitionMembership.objects.create(
            coalition=coalition,
            organization=org,
            status=MemberStatus.ACTIVE,
            invited_at=now,
            joined_at=now,
        )
    if coordinator is not None:
        Coordinator.objects.create(coalition=coalition, user=coordinator)
    return coalition
