"""Emails to the followers of a case, sent by the task worker."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from caucus.accounts.emails import send_templated, send_to_each
from caucus.lib.translations import direction
from caucus.lib.urls import absolute_url
from caucus.solidarity.tokens import follow_tokens, unsubscribe_tokens


def unsubscribe_link(follower) -> str:
    token = unsubscribe_tokens.make(follower.pk, f"{follower.pk}")
    return absolute_url(reverse("solidarity:unsubscribe", args=[token]))


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
        "link": absolute_url(reverse("solidarity:confirm", args=[token])),
        "case_url": absolute_url(follower.case.get_absolute_url()),
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
    from caucus.solidarity.translated import localized_entries
    from caucus.translations.reader import read_for

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
    translations = list(case.translations.all())
    readings = {}

    def in_language(language: str) -> dict:
        """The note in the follower's language when the case has it, as the case page
        would show it to them (caucus/translations/reader.py), and the page in it."""
        if language not in readings:
            reading = read_for(
                language,
                original=case.language,
                translations=translations,
                path=case.get_absolute_url(),
            )
            translated = reading.translation is not None and bool(
                reading.translation.text(f"entries.{entry.pk}")
            )
            note_language = reading.language if translated else case.language
            readings[language] = {
                "entry": localized_entries(reading, [entry])[0],
                "note_language": note_language,
                "note_dir": direction(note_language),
                "case_url": absolute_url(reading.url),
            }
        return readings[language]

    def send(follower) -> None:
        language = follower.language or settings.LANGUAGE_CODE
        context = {
            "case": case,
            **in_language(language),
            "unsubscribe": unsubscribe_link(follower),
            "site_url": settings.SITE_URL,
        }
        send_templated("solidarity-update", to=[follower.email], context=context, language=language)

    # Sent here, in this task: a task row per email would hold the follower's address.
    send_to_each(followers.iterator(), send)
