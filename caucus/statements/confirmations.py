"""What the confirmation pages of publishing and withdrawing a statement and of rejecting an
amendment say (caucus/lib/confirm.py); the publishing page shows the co-signing tracker above
its form."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.lib.bidi import sentence
from caucus.statements.models import Amendment, Statement, Status


def confirm_publish(statement: Statement) -> dict:
    version = statement.current_version
    names = {"n": version.number, "p": getattr(statement.published_version, "number", "")}
    if statement.status == Status.PUBLISHED and not statement.is_scheduled:
        title = _("Publish version %(n)s as a revision") % names
        consequence = _(
            "Version %(n)s replaces the published version %(p)s on the public page, in the feeds "
            "and for followers, at the time you choose. Organizations that signed an earlier "
            "version are asked to re-confirm."
        )
    else:
        title = _("Publish the statement")
        consequence = _(
            "Version %(n)s becomes public at the time you choose: its page, the feeds and the "
            "coalition's followers. Only the organizations that have signed are listed as "
            "signatories. Once public it cannot be taken back; it can only be withdrawn, which "
            "leaves a notice in its place."
        )
    return {
        "title": title,
        "subject": version.title,
        "consequence": consequence % names,
        "button": _("Publish version %(n)s") % names,
        "cancel_url": reverse("statements:workspace", args=[statement.slug]),
        "template": "statements/publish.html",
    }


def confirm_withdraw(statement: Statement) -> dict:
    return {
        "title": _("Withdraw the statement"),
        "subject": str(statement),
        "consequence": _(
            "The public page will show only the title, the date and your reason; the text, the "
            "signatures and the signing form disappear from it, and followers are told. This "
            "cannot be undone."
        ),
        "button": _("Withdraw the statement"),
        "cancel_url": reverse("statements:workspace", args=[statement.slug]),
        "template": "statements/withdraw.html",
    }


def confirm_amendment_reject(amendment: Amendment) -> dict:
    names = {"n": amendment.number, "who": str(amendment.proposer)}
    return {
        "title": _("Reject amendment #%(n)s") % names,
        "subject": str(amendment.statement),
        "consequence": sentence(
            _(
                "Amendment #%(n)s is closed without changing the text, and %(who)s reads your "
                "reply on its page. This cannot be undone: to make the change after all, "
                "someone proposes it again."
            ),
            names,
        ),
        "button": _("Reject the amendment"),
        "cancel_url": reverse(
            "statements:amendment", args=[amendment.statement.slug, amendment.number]
        ),
        "template": "statements/amendment_reject.html",
    }
