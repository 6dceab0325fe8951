"""Reads for the dashboard: the votes a person's organizations have yet to cast a ballot in,
and the coalition meetings coming up. Each is a fixed number of queries, however many
coalitions and votes there are.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from caucus.coalitions.models import Coalition, CoalitionMembership
from caucus.decisions.models import EntryKind, LedgerEntry, Meeting, Vote, VoteState, parse_iso
from caucus.organizations.models import Membership, Organization, Role


@dataclass
class BallotAwaiting:
    vote: Vote
    organizations: list[Organization]  # eligible, no ballot yet, and the person may vote for
    closes_at: datetime  # as signed in the manifest


def _voting_memberships(user) -> dict[str, Organization]:
    """{slug: organization} the person may cast ballots for (delegate or higher)."""
    rows = Membership.objects.filter(user=user).select_related("organization")
    return {m.organization.slug: m.organization for m in rows if m.has_role(Role.DELEGATE)}


def ballots_awaiting(user, *, now: datetime | None = None) -> list[BallotAwaiting]:
    """Votes accepting ballots now where one of the person's organizations is eligible and
    has not voted yet, soonest closing first (three queries).

    Eligibility and the closing time come from the signed manifest (the ledger's first
    entry), as the vote page's own checks do (decisions.permissions.voting_organizations).
    """
    now = now or timezone.now()
    organizations = _voting_memberships(user)
    if not organizations:
        return []
    votes = list(
        Vote.objects.filter(
            state=VoteState.OPEN,
            opens_at__lte=now,
            closes_at__gt=now,
            motion__coalition__in=CoalitionMembership.objects.active()
            .filter(organization__slug__in=list(organizations))
            .values("coalition"),
        )
        .select_related("motion__coalition", "motion__meeting")
        .distinct()
    )
    manifests: dict[int, dict] = {}
    voted: dict[int, set[str]] = {vote.pk: set() for vote in votes}
    entries = LedgerEntry.objects.filter(
        Q(height=0) | Q(kind=EntryKind.BALLOT), vote__in=[v.pk for v in votes]
    ).only("vote_id", "height", "kind", "payload")
    for entry in entries:
        payload = json.loads(entry.payload)
        if entry.height == 0:
            manifests[entry.vote_id] = payload
        else:
            voted[entry.vote_id].add(payload.get("org", ""))
    awaiting = []
    for vote in votes:
        manifest = manifests.get(vote.pk)
        if not manifest:
            continue
        closes = parse_iso(manifest["closes_at"])
        if not parse_iso(manifest["opens_at"]) <= now < closes:
            continue
        eligible = {row["org"] for row in manifest.get("eligible", [])}
        waiting = [
            org for slug, org in sorted(organizations.items()) if slug in eligible - voted[vote.pk]
        ]
        if waiting:
            awaiting.append(BallotAwaiting(vote=vote, organizations=waiting, closes_at=closes))
    return sorted(awaiting, key=lambda item: (item.closes_at, item.vote.pk))


def upcoming_meetings(user, *, days: int = 30, limit: int = 10, now=None) -> list[Meeting]:
    """Meetings of the person's coalitions (active member organization, or coordinating)
    starting within `days`, not cancelled, soonest first (one query)."""
    now = now or timezone.now()
    return list(
        Meeting.objects.filter(
            coalition__in=Coalition.objects.for_user(user),
            ends_at__gt=now,
            starts_at__lt=now + timedelta(days=days),
            cancelled_at__isnull=True,
        )
        .select_related("coalition")
        .distinct()
        .order_by("starts_at", "pk")[:limit]
    )
