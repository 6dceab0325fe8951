"""Organizations as a translatable kind (caucus/translations): the description, translated by
the organization's editors and admins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caucus.organizations.models import Organization, Role
from caucus.translations.kinds import Translatable


def _for_editor(request, slug: str) -> Organization:
    from caucus.organizations.permissions import get_membership_for_user

    return get_membership_for_user(request, slug, role=Role.EDITOR).organization


ORGANIZATION = Translatable(
    name="organization",
    label=_("organization"),
    model=Organization,
    namespace="organizations",
    url_kwargs=lambda organization: {"slug": organization.slug},
    get_for_editor=_for_editor,
    page_url=lambda org: org.get_absolute_url() if org.is_public else "",
    back_url=lambda organization: reverse("organizations:manage", args=[organization.slug]),
    scope=lambda organization: {"organization": organization},
)
