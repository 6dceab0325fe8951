"""Coalitions as a translatable kind (caucus/translations): description and platform points,
translated by the coalition's coordinators."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.models import Coalition
from caucus.translations.kinds import Translatable


def _for_coordinator(request, slug: str) -> Coalition:
    from caucus.coalitions.permissions import get_coalition_for_coordinator

    return get_coalition_for_coordinator(request, slug)


COALITION = Translatable(
    name="coalition",
    label=_("coalition"),
    model=Coalition,
    namespace="coalitions",
    url_kwargs=lambda coalition: {"slug": coalition.slug},
    get_for_editor=_for_coordinator,
    page_url=lambda c: c.get_absolute_url() if c.is_public else "",
    back_url=lambda coalition: reverse("coalitions:manage", args=[coalition.slug]),
    scope=lambda coalition: {"coalition": coalition},
)
