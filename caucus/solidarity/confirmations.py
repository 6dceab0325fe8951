"""What the confirmation page for deleting a timeline entry says (caucus/lib/confirm.py).

It names the entry by kind, date and the case's public name only: the page is shown to
coordinators, but a screen or a screenshot must not carry a protected person's name.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caucus.lib import dates
from caucus.solidarity.models import EntryKind, TimelineEntry


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
