"""Shared setup for decisions tests: a motion of alpha, and a vote on it."""

from datetime import timedelta

from django.utils import timezone

from caucus.decisions import services
from caucus.decisions.models import Motion, Vote


def make_motion(case, title: str = "Solidarity with the dockers", **fields) -> Motion:
    return services.motion_propose(
        coalition=case.coalition,
        organization=case.alpha,
        actor=case.delegate,
        title=title,
        text="The coalition **stands** with them.",
        seconders=[case.gamma],
        **fields,
    )


def open_vote(
    case,
    motion: Motion | None = None,
    *,
    rules=("simple",),
    quorum: int = 50,
    recorded: bool = True,
    threshold: int | None = None,
    hours: int = 24,
) -> Vote:
    now = timezone.now()
    return services.vote_open(
        motion=motion or make_motion(case),
        actor=case.coordinator,
        rules=list(rules),
        quorum_percent=quorum,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=hours),
        recorded=recorded,
        threshold_percent=threshold,
    )


def expire(vote: Vote) -> None:
    """Move the closing time into the past (the manifest keeps the original)."""
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    vote.refresh_from_db()
