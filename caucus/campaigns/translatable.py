"""Campaigns as a translatable kind (caucus/translations): their coordinators translate them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caucus.campaigns.models import Campaign
from caucus.translations.kinds import Translatable


def _for_coordinator(request, slug: str) -> Campaign:
    from caucus.campaigns.permissions import get_campaign_for_coordinator

    return get_campaign_for_coordinator(request, slug)


CAMPAIGN = Translatable(
    name="campaign",
    label=_("campaign"),
    model=Campaign,
    namespace="campaigns",
    url_kwargs=lambda campaign: {"slug": campaign.slug},
    get_for_editor=_for_coordinator,
    page_url=lambda c: c.get_absolute_url() if c.coalition.is_public else "",
    back_url=lambda campaign: reverse("campaigns:edit", args=[campaign.slug]),
    scope=lambda campaign: {"coalition": campaign.coalition},
)
