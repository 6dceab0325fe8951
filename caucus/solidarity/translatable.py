"""Solidarity cases as a translatable kind (caucus/translations).

Whoever may change the case's public text translates it (coordinators; editors of the case's
organization unless it is protected). A translation is public text: in protected mode it is
refused, field by field and in the same words, when it could name the person.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caucus.solidarity.models import Case
from caucus.solidarity.secrecy import REFUSAL
from caucus.translations.kinds import Translatable


def _for_editor(request, slug: str, case_slug: str) -> Case:
    from caucus.solidarity.permissions import get_case_for_user

    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    return case


def _check(case: Case, texts: dict[str, str]) -> dict[str, str]:
    return {
        key: str(REFUSAL)
        for key, text in texts.items()
        if text and case.identifies(text, markdown=True)
    }


CASE = Translatable(
    name="case",
    label=_("solidarity case"),
    model=Case,
    namespace="solidarity",
    url_kwargs=lambda case: {"slug": case.coalition.slug, "case_slug": case.slug},
    get_for_editor=_for_editor,
    page_url=lambda case: case.get_absolute_url() if case.is_public else "",
    back_url=lambda case: reverse("solidarity:manage", args=[case.coalition.slug, case.slug]),
    scope=lambda case: {"organization": case.organization, "coalition": case.coalition},
    check=_check,
    # The log shows the case's current public name, never one it had (caucus/audit/actions.py).
    audit_data=lambda case: {"what": "case", "translated_case_id": case.pk},
)
