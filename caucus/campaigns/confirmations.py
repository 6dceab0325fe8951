"""What the confirmation page for removing a photo from an event's report says
(caucus/lib/confirm.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.campaigns.models import AddressVisibility, EventPhoto, Rsvp, RsvpState
from caucus.lib.bidi import sentence


def confirm_photo_remove(photo: EventPhoto) -> dict:
    """The page shows the photo itself (campaigns/confirm_photo_remove.html): a caption may
    be empty."""
    names = {"event": photo.event.title}
    return {
        "title": _("Remove a photo from the report"),
        "subject": photo.caption or _("Photo without a caption"),
        "consequence": sentence(
            _(
                "The photo leaves the report on %(event)s and its file is deleted. This "
                "cannot be undone: to show it again, someone has to upload it again."
            ),
            names,
        ),
        "button": _("Remove the photo"),
        "cancel_url": reverse("campaigns:report", args=[photo.event.uid]),
        "template": "campaigns/confirm_photo_remove.html",
        "extra": {"photo": photo},
    }


def confirm_rsvp_cancel(rsvp: Rsvp, *, cancel_url: str) -> dict:
    """Reached from the emailed link, without an account: the page's form carries confirm=1
    (campaigns/confirm_rsvp_cancel.html) and posts back to the same link."""
    event = rsvp.event
    consequence = _(
        "The organizers of %(event)s no longer count you, and you get no more news of it by email."
    )
    if rsvp.state == RsvpState.CONFIRMED and event.address_visibility == AddressVisibility.RSVP:
        consequence += " " + _("Its address, shown only to people who are coming, is hidden.")
    return {
        "title": _("Cancel your RSVP"),
        "subject": event.title,
        "consequence": sentence(consequence, {"event": event.title}),
        "undo": _(
            "To come after all, answer again on the event's page with the same address, while "
            "there is room."
        ),
        "button": _("Cancel my RSVP"),
        "cancel_url": cancel_url,
        "template": "campaigns/confirm_rsvp_cancel.html",
        # "Cancel" beside "Cancel my RSVP" would read as the same act.
        "extra": {"cancel_label": _("Keep my RSVP")},
    }
