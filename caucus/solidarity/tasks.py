"""Emails to the followers of a case, sent by the task worker."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from caucus.accounts.emails import send_templated, send_to_each
from caucus.solidarity.tokens import follow_tokens, unsubscribe_tokens


def unsubscribe_link(follower) -> str:
    token = unsubscribe_tokens.make(follower.pk, f"{follower.pk}")
    return settings.SITE_URL + reverse("solidarity:unsubscribe", args=[token])


@task()
def send_follow_confirmation(follower_id: int) -> None:
    """The double opt-in link; a follower who is no longer pending gets nothing."""
    from caucus.solidarity.models import Follower, FollowerState

    follower = (
        Follower.objects.select_related("case", "case__coalition")
        .filter(pk=follower_id, state=FollowerState.PENDING)
        .first()
    )
    if follower is None:
        return
    token = follow_tokens.make(follower.pk, follower.token_state())
    context = {
        "case": follower.case,
        "link": settings.SITE_URL + reverse("solidarity:confirm", args=[token]),
        "case_url": settings.SITE_URL + follower.case.get_absolute_url(),
        "unsubscribe": unsubscribe_link(follower),
        "site_url": settings.SITE_URL,
    }
    send_templated(
        "solidarity-follow",
        to=[follower.email],
        context=context,
        language=follower.language or settings.LANGUAGE_CODE,
    )


@task()
def notify_followers(entry_id: int) -> None:
    """Tell confirmed followers about a new timeline entry, once however often this runs.

    The entry is claimed with a conditional update; only the run that changed the row sends.
    """
    from caucus.solidarity.models import Follower, FollowerState, TimelineEntry

    claimed = TimelineEntry.objects.filter(pk=entry_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if claimed != 1:
        return
    entry = TimelineEntry.objects.select_related("case", "case__coalition").get(pk=entry_id)
    case = entry.case
    if not case.is_public:
        return
    followers = Follower.objects.filter(case=case, state=FollowerState.CONFIRMED)

    def send(follower) -> None:
        context = {
            "case": case,
            "entry": entry,
            "case_url": settings.SITE_URL + case.get_absolute_url(),
            "unsubscribe": unsubscribe_link(follower),
            "site_url": settings.SITE_URL,
        }
        send_templated(
            "solidarity-update",
            to=[follower.email],
            context=context,
            language=follower.language or settings.LANGUAGE_CODE,
        )

    # Sent here, in this task: a task row per email would hold the follower's address.
    send_to_each(followers.iterator(), send)
