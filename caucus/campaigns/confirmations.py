"""What the confirmation page for removing a photo from an event's report says
(caucus/lib/confirm.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.campaigns.models import EventPhoto
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
