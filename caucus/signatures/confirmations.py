"""What the confirmation pages of withdrawing an organization's signature (or its request to
co-sign) and of declining a request to co-sign say (caucus/lib/confirm.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.lib.bidi import sentence
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
