"""What the confirmation pages for deleting a timeline entry and removing a link say
(caucus/lib/confirm.py).

It names the entry by kind, date and the case's public name only: the page is shown to
coordinators, but a screen or a screenshot must not carry a protected person's name.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.lib import dates
from caucus.lib.bidi import sentence
from caucus.solidarity.models import CaseLink, EntryKind, TimelineEntry


def confirm_entry_delete(entry: TimelineEntry) -> dict:
    case = entry.case
    consequence = _(
        "The entry disappears from the case's timeline, its public page and its feeds. "
        "This cannot be undone: you would have to write it again."
    )
    if entry.kind == EntryKind.HEARING and entry.starts_at and entry.starts_at > timezone.now():
        consequence += " " + _("Calendars that follow the case's hearings get a cancellation.")
    return {
        "title": _("Delete a timeline entry"),
        "subject": _("%(kind)s of %(date)s, case %(case)s")
        % {
            "kind": entry.get_kind_display(),
            "date": dates.format_date(entry.date),
            "case": case.public_display_name,
        },
        "consequence": consequence,
        "button": _("Delete the entry"),
        "cancel_url": reverse("solidarity:manage", args=[case.coalition.slug, case.slug]),
    }


def confirm_link_remove(link: CaseLink) -> dict:
    """Names the linked page by its title (coordinators wrote it for this case file) and the
    case by its public name."""
    case = link.case
    names = {"title": link.link_title, "case": case.public_display_name}
    return {
        "title": _("Remove a link"),
        "subject": link.link_title,
        "consequence": sentence(
            _(
                "The link to “%(title)s” leaves the file of case %(case)s, its public page and "
                "its feeds. The linked page itself does not change."
            ),
            names,
        ),
        "undo": _("You can link the page again from the case file."),
        "button": _("Remove the link"),
        "cancel_url": reverse("solidarity:manage", args=[case.coalition.slug, case.slug]),
    }
