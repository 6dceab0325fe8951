"""What the confirmation pages of the decisions app's irreversible steps say
(caucus/lib/confirm.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.decisions.models import BallotKey
from caucus.lib.bidi import sentence


def confirm_key_revoke(key: BallotKey) -> dict:
    names = {"device": key.label, "key": key.key_id, "org": key.organization.name}
    return {
        "title": _("Revoke a ballot key"),
        # The device's name and the key's id isolated: "(key …)" is in the page's language.
        "subject": sentence(_("%(device)s (key %(key)s)"), names),
        "consequence": sentence(
            _(
                "No ballot signed with this key is accepted for %(org)s any more, in votes "
                "already open too, and votes opened from now on do not list it. This cannot "
                "be undone."
            ),
            names,
        ),
        "undo": _("To vote from that device again, register a new key there."),
        "button": _("Revoke the key"),
        "cancel_url": reverse("decisions:ballot_keys", args=[key.organization.slug]),
    }
