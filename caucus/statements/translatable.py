"""Statements as a translatable kind (caucus/translations): who translates, where, how logged."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caucus.statements.models import Statement, Status
from caucus.translations.kinds import Translatable


def _editable(request, slug: str) -> Statement:
    from caucus.statements.permissions import get_editable_statement

    return get_editable_statement(request, slug)


def _refuse(statement: Statement) -> str:
    if statement.status == Status.WITHDRAWN:
        return _("A withdrawn statement cannot be translated.")
    return ""


STATEMENT = Translatable(
    name="statement",
    label=gettext_lazy("statement"),
    model=Statement,
    namespace="statements",
    url_kwargs=lambda statement: {"slug": statement.slug},
    get_for_editor=_editable,
    page_url=lambda statement: statement.get_absolute_url() if statement.is_public else "",
    back_url=lambda statement: reverse("statements:workspace", args=[statement.slug]),
    scope=lambda statement: {
        "organization": statement.author_organization,
        "coalition": statement.author_coalition,
    },
    refuse=_refuse,
    # A translation translates the text readers see now: published, else the draft.
    also_set=lambda statement: {"version": statement.reference_version},
    saved_action="translation.saved",
    audit_data=lambda statement: {
        "statement": statement.slug,
        "version": statement.reference_version.number,
    },
)
