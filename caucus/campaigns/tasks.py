"""RSVP emails, sent by the task worker; each task claims its row so a rerun sends nothing."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from caucus.accounts.emails import send_templated, send_to_each
from caucus.campaigns.tokens import (
    host_amend_state,
    host_amend_tokens,
    rsvp_confirm_tokens,
    rsvp_manage_tokens,
)
from caucus.lib.urls import absolute_url


def manage_path(rsvp) -> str:
    """The path of an RSVP's own page: redirects use it as it is, relative, so they work at
    whatever address the site was reached (an absolute SITE_URL redirect after a form is
    blocked by CSP form-action 'self' when the site is reached at another address)."""
    token = rsvp_manage_tokens.make(rsvp.pk, f"{rsvp.pk}:{rsvp.event_id}")
    return reverse("campaigns:rsvp_manage", args=[token])


def manage_link(rsvp) -> str:
    """The absolute link for emails."""
    return absolute_url(manage_path(rsvp))


@task()
def send_rsvp_confirmation(rsvp_id: int) -> None:
    """Email the double opt-in link once (claim, then send)."""
    from caucus.campaigns.models import Rsvp

    claimed = Rsvp.objects.filter(pk=rsvp_id, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if claimed != 1:
        return
    rsvp = Rsvp.objects.select_related("event").get(pk=rsvp_id)
    token = rsvp_confirm_tokens.make(rsvp.pk, rsvp.token_state())
    send_templated(
        "campaigns-rsvp-confirm",
        to=[rsvp.email],
        context={
            "rsvp": rsvp,
            "event": rsvp.event,
            "link": absolute_url(reverse("campaigns:rsvp_confirm", args=[token])),
            "cancel_link": manage_link(rsvp),
        },
        language=rsvp.language or settings.LANGUAGE_CODE,
    )


@task()
def send_rsvp_reminder(rsvp_id: int) -> None:
    """Someone RSVPed again with an address that has already answered: tell the address's
    owner, with the link to their RSVP, instead of telling the person at the form.

    At most once per RSVP_REMINDER_INTERVAL: the claim is a cache key (there is no row to
    claim, and a lost key only means one more reminder), so retyping the address or a stranger
    trying it many times cannot flood the mailbox.
    """
    from django.core.cache import cache

    from caucus.campaigns.models import Rsvp, RsvpState

    rsvp = Rsvp.objects.select_related("event").filter(pk=rsvp_id).first()
    if rsvp is None or rsvp.state == RsvpState.CANCELLED:
        return
    if not cache.add(f"rsvp-reminder:{rsvp.pk}", 1, settings.RSVP_REMINDER_INTERVAL):
        return
    context = {"rsvp": rsvp, "event": rsvp.event, "manage_link": manage_link(rsvp), "link": ""}
    if rsvp.state == RsvpState.PENDING:  # the first email may be lost: its link again
        token = rsvp_confirm_tokens.make(rsvp.pk, rsvp.token_state())
        context["link"] = absolute_url(reverse("campaigns:rsvp_confirm", args=[token]))
    send_templated(
        "campaigns-rsvp-again",
        to=[rsvp.email],
        context=context,
        language=rsvp.language or settings.LANGUAGE_CODE,
    )


@task()
def notify_status_change(change_id: int) -> None:
    """Tell every confirmed RSVP about a change of status, once per change."""
    from caucus.campaigns.models import EventStatus, EventStatusChange, RsvpState

    claimed = EventStatusChange.objects.filter(pk=change_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if claimed != 1:
        return
    change = EventStatusChange.objects.select_related("event").get(pk=change_id)
    event = change.event
    # Sent here, in this task (a task row per email would hold the address); one refused
    # address does not stop the others.
    send_to_each(
        event.rsvps.filter(state=RsvpState.CONFIRMED).iterator(),
        lambda rsvp: send_templated(
            "campaigns-status-change",
            to=[rsvp.email],
            context={
                "rsvp": rsvp,
                "event": event,
                "change": change,
                # A lazy label, rendered in the recipient's language while the email renders
                # (blocktranslate does not call a callable: the bound get_status_display
                # came out as its repr).
                "status": EventStatus(change.status).label,
                "event_link": absolute_url(event.get_absolute_url()),
                "manage_link": manage_link(rsvp),
            },
            language=rsvp.language or settings.LANGUAGE_CODE,
        ),
    )


@task()
def notify_host_review(event_id: int) -> None:
    """Tell an outside host what the coordinators decided, with their note, in the language
    of the page they proposed from, the campaign's title too where it has a translation."""
    from caucus.campaigns.models import Approval, Event
    from caucus.campaigns.translated import campaign_reading_for

    event = Event.objects.select_related("campaign").get(pk=event_id)
    if not event.host_contact or event.approval == Approval.PENDING:
        return
    language = event.host_language or settings.LANGUAGE_CODE
    campaign = event.campaign
    reading = campaign_reading_for(language, campaign)
    send_templated(
        "campaigns-host-review",
        to=[event.host_contact],
        context={
            "event": event,
            "campaign": reading.localize(campaign, title="title"),
            # A lazy label, rendered in the host's language while the email renders.
            "decision": Approval(event.approval).label,
            "approved": event.approval == Approval.APPROVED,
            "needs_info": event.approval == Approval.NEEDS_INFO,
            "note": event.review_note,
            "event_link": absolute_url(event.get_absolute_url()),
            "form_link": absolute_url(reverse("campaigns:host_form", args=[campaign.slug])),
            "amend_link": absolute_url(
                reverse(
                    "campaigns:host_amend",
                    args=[host_amend_tokens.make(event.pk, host_amend_state(event))],
                )
            ),
        },
        language=language,
    )
