"""What the confirmation pages of withdrawing an organization's signature (or its request to
co-sign) and of declining a request to co-sign say (caucus/lib/confirm.py)."""

from datetime import UTC

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caucus.lib.bidi import sentence
from caucus.lib.dates_tags import moment
from caucus.lib.zones import get_zone, wall_clock
from caucus.signatures.models import OrganizationSignature, OrgState


def confirm_org_withdraw(signature: OrganizationSignature, *, cancel_url: str) -> dict:
    names = {"org": signature.organization.name, "statement": str(signature.statement)}
    if signature.state == OrgState.REQUESTED:
        return {
            "title": _("Withdraw a request to co-sign"),
            "subject": str(signature.statement),
            "consequence": sentence(
                _(
                    "The coordinators will no longer be asked to let %(org)s co-sign "
                    "“%(statement)s”."
                ),
                names,
            ),
            "undo": _("You can ask again from the same page while the statement takes signatures."),
            "button": _("Withdraw the request"),
            "cancel_url": cancel_url,
        }
    return {
        "title": _("Withdraw a signature"),
        "subject": str(signature.statement),
        "consequence": sentence(
            _(
                "%(org)s will no longer sign “%(statement)s”: its name leaves the list of "
                "organizations that signed."
            ),
            names,
        ),
        "undo": _("You can sign again from the same page while the statement takes signatures."),
        "button": _("Withdraw the signature"),
        "cancel_url": cancel_url,
    }


def confirm_decline(signature: OrganizationSignature) -> dict:
    names = {"org": signature.organization.name, "statement": str(signature.statement)}
    return {
        "title": _("Decline a request to co-sign"),
        "subject": signature.organization.name,
        "consequence": sentence(
            _("%(org)s will not co-sign “%(statement)s”; whoever asked for it is told by email."),
            names,
        ),
        "undo": _("It can ask again; you would then answer its new request."),
        "button": _("Decline the request"),
        "cancel_url": reverse("signatures:manage", args=[signature.statement.slug]),
    }


def confirm_invalidate(statement, *, count: int, criteria: dict) -> dict:
    """The window and the prefix or domain chosen on the management page, carried in hidden
    fields so the page's button sends them again with `confirmed`.

    The window is shown as the rest of the page shows times (issue 14): on the statement's
    clock with its zone's name, the reader's time beside it. The hidden fields keep the wall
    time the form was given in, which the form reads back the same way."""
    zone = statement.signing_deadline_zone
    names = {
        "n": count,
        "start": moment(criteria["start"], zone),
        "end": moment(criteria["end"], zone),
    }
    shown = [
        (_("IP prefix"), criteria["ip_prefix"]),
        (_("Email domain"), criteria["domain"]),
    ]
    start, start_fold = wall_clock(criteria["start"], get_zone(zone) or UTC)
    end, end_fold = wall_clock(criteria["end"], get_zone(zone) or UTC)
    carry = [
        ("start", start.strftime("%Y-%m-%dT%H:%M")),
        ("start_fold", start_fold),
        ("end", end.strftime("%Y-%m-%dT%H:%M")),
        ("end_fold", end_fold),
        ("ip_prefix", criteria["ip_prefix"]),
        ("domain", criteria["domain"]),
        ("confirmed", "yes"),
    ]
    return {
        "title": _("Invalidate signatures"),
        "subject": str(statement),
        "consequence": sentence(
            ngettext(
                "%(n)s signature made from %(start)s to %(end)s matches and will stop counting.",
                "%(n)s signatures made from %(start)s to %(end)s match and will stop counting.",
                count,
            ),
            names,
        ),
        "undo": _("This cannot be undone: an invalidated signature does not count again."),
        "button": ngettext("Invalidate %(n)s signature", "Invalidate %(n)s signatures", count)
        % names,
        "cancel_url": reverse("signatures:manage", args=[statement.slug]),
        "template": "signatures/confirm_invalidate.html",
        "extra": {"shown": [(label, value) for label, value in shown if value], "carry": carry},
    }
