"""What the confirmation pages of publishing and withdrawing a statement say
(caucus/lib/confirm.py); the publishing page shows the co-signing tracker above its form."""

from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.statements.models import Statement, Status


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
