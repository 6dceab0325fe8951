"""RSVPs of the public: the double opt-in, and confirming or cancelling by the emailed links.

Called by the web pages (caucus/campaigns/views/events.py) and the API alike; a link's token is
read once here, so both refuse a forged, expired or used link in the same way.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from caucus.campaigns.models import Event, EventStatus, Rsvp, RsvpState
from caucus.campaigns.signals import rsvp_confirmed
from caucus.campaigns.tokens import rsvp_confirm_tokens, rsvp_manage_tokens
from caucus.lib.crypto import email_index
from caucus.lib.tokens import StateToken, TokenError


def rsvp_from_token(tokens: StateToken, token: str) -> tuple[Rsvp | None, str]:
    """(the RSVP, "") for a valid link, else (None, "forged" | "expired" | "used").

    A confirmation link signs the RSVP's state, so it dies once confirmed or cancelled; the
    link to manage an RSVP signs only which RSVP and event it is, and lives on."""
    try:
        pk = tokens.read_pk(token)
        rsvp = Rsvp.objects.select_related("event__campaign", "event__organization").get(pk=pk)
        state = rsvp.token_state() if tokens is rsvp_confirm_tokens else f"{pk}:{rsvp.event_id}"
        tokens.check_state(token, state)
    except Rsvp.DoesNotExist:
        return None, "forged"
    except TokenError as exc:
        return None, exc.reason
    return rsvp, ""


def confirm_link_rsvp(token: str) -> tuple[Rsvp | None, str]:
    return rsvp_from_token(rsvp_confirm_tokens, token)


def manage_link_rsvp(token: str) -> tuple[Rsvp | None, str]:
    return rsvp_from_token(rsvp_manage_tokens, token)


def _refuse_closed(event: Event) -> None:
    if event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        raise ValidationError(
            _("This event is %(status)s: it takes no RSVPs.")
            % {"status": event.get_status_display().lower()}
        )
    if event.ends_at <= timezone.now():
        raise ValidationError(_("This event is over."))


def rsvp_create(*, event: Event, name: str, email: str, language: str | None = None) -> Rsvp | None:
    """A pending RSVP; the person confirms by the emailed link (double opt-in). Its emails
    are in `language`, by default the language of the page (or API request) it came from.

    An address that has already answered gets no new RSVP and no error: the caller answers
    exactly as for a new one, and the address's owner is emailed the link to their RSVP
    instead (send_rsvp_reminder, at most once an interval). So nobody learns from the form
    who is coming to an event. Returns None then.
    """
    from caucus.campaigns.tasks import send_rsvp_confirmation, send_rsvp_reminder

    _refuse_closed(event)
    index = email_index(email)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        # Before looking for the address: a full event refuses everyone alike.
        if locked.capacity is not None:
            confirmed = locked.rsvps.filter(state=RsvpState.CONFIRMED).count()
            if confirmed >= locked.capacity:
                raise ValidationError(_("This event is full."))
        existing = Rsvp.objects.filter(event=event, email_index=index).first()
        if existing is not None and existing.state != RsvpState.CANCELLED:
            transaction.on_commit(lambda: send_rsvp_reminder.enqueue(existing.pk))
            return None
        try:
            with transaction.atomic():
                if existing is not None:
                    existing.delete()
                rsvp = Rsvp.objects.create(
                    event=event,
                    name=name,
                    email=email,
                    email_index=index,
                    language=(language or get_language() or "")[:8],
                )
        except IntegrityError:  # the same address at the same instant: one of them won
            return None
        transaction.on_commit(lambda: send_rsvp_confirmation.enqueue(rsvp.pk))
    return rsvp


def rsvp_confirm(*, rsvp: Rsvp) -> Rsvp:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=rsvp.event_id)
        if event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
            raise ValidationError(
                _("This event was %(status)s.") % {"status": event.get_status_display().lower()}
            )
        if event.capacity is not None and (
            event.rsvps.filter(state=RsvpState.CONFIRMED).count() >= event.capacity
        ):
            raise ValidationError(_("This event filled up before you confirmed."))
        changed = Rsvp.objects.filter(pk=rsvp.pk, state=RsvpState.PENDING).update(
            state=RsvpState.CONFIRMED, confirmed_at=timezone.now()
        )
        if changed != 1:
            raise ValidationError(_("This RSVP is no longer waiting for confirmation."))
        pk = rsvp.pk
        transaction.on_commit(lambda: rsvp_confirmed.send(Rsvp, rsvp_id=pk))
    rsvp.refresh_from_db()
    return rsvp


def rsvp_cancel(*, rsvp: Rsvp) -> Rsvp:
    changed = (
        Rsvp.objects.filter(pk=rsvp.pk)
        .exclude(state=RsvpState.CANCELLED)
        .update(state=RsvpState.CANCELLED, cancelled_at=timezone.now())
    )
    if changed != 1:
        raise ValidationError(_("This RSVP is already cancelled."))
    rsvp.refresh_from_db()
    return rsvp


def confirmed_count(event: Event) -> int:
    return event.rsvps.filter(state=RsvpState.CONFIRMED).count()
