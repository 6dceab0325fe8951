"""Campaigns in the API: public reads, and their coordinators' creating and editing."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.campaigns.common import bad_query, router
from caucus.api.campaigns.schemas import (
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CampaignReplace,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.campaigns import services
from caucus.campaigns.forms import CampaignForm
from caucus.campaigns.models import Campaign, CampaignStatus
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_public_campaign
from caucus.coalitions.permissions import get_coalition_for_coordinator


def _campaign_form_data(data: dict) -> dict:
    """The structured lists as the web form's lines, so one form checks both."""
    form_data = {k: v for k, v in data.items() if k not in ("days", "demands", "targets")}
    form_data["days_text"] = "\n".join(
        " | ".join(
            [d["date"].isoformat(), d["name"].replace("|", "/"), d["hashtag"].replace("|", "/")]
        )
        for d in data["days"]
    )
    form_data["demands_text"] = "\n".join(" ".join(d.split()) for d in data["demands"])
    form_data["targets_text"] = "\n".join(
        " | ".join([t["name"].replace("|", "/"), t["kind"], t["country"]]) for t in data["targets"]
    )
    return form_data


def _current(campaign: Campaign) -> dict:
    """The campaign as a full body, for a PATCH to change only what it sends."""
    data = {field: getattr(campaign, field) for field in CampaignPatch.model_fields}
    data["days"] = list(campaign.days.values("date", "name", "hashtag"))
    data["demands"] = [d.text for d in campaign.demands.all()]
    data["targets"] = list(campaign.targets.values("name", "kind", "country"))
    data["statements"] = list(campaign.statements.values_list("slug", flat=True))
    return data


def _save_campaign(request, data: dict, coalition, instance: Campaign | None):
    form = CampaignForm(_campaign_form_data(data), instance=instance, coalition=coalition)
    if not form.is_valid():  # the form's lines are the body's lists: name them as sent
        for name in ("days", "demands", "targets"):
            if f"{name}_text" in form.errors:
                form.errors[name] = form.errors.pop(f"{name}_text")
    cleaned = valid(form)
    campaign = services.campaign_save(
        campaign=form.save(commit=False),
        coalition=coalition,
        actor=request.user,
        days=cleaned["days_text"],
        demands=cleaned["demands_text"],
        targets=cleaned["targets_text"],
        statements=cleaned["statements"],
    )
    return Campaign.objects.select_related("coalition").get(pk=campaign.pk)


@router.get("/campaigns", response=list[CampaignOut], auth=ANYONE)
@paginate(Pages)
def list_campaigns(request: HttpRequest, status: Literal["", "planned", "active", "ended"] = ""):
    """Campaigns of publicly listed coalitions, newest first; `?status=active` filters."""
    campaigns = Campaign.objects.filter(coalition__is_public=True).select_related("coalition")
    if status:
        if status not in CampaignStatus.values:
            raise bad_query("status", _("Use planned, active or ended."))
        campaigns = campaigns.filter(status=status)
    return campaigns.order_by("-starts_on", "-pk")


@router.get("/campaigns/{slug}", response={200: CampaignDetailOut, **ERRORS}, auth=ANYONE)
def get_campaign(request: HttpRequest, slug: str):
    """A campaign with its days of action, demands, targets and counts (from the map's
    pre-aggregated rows: events, countries, cities, organizations, and per country)."""
    return get_public_campaign(slug)


@router.post(
    "/coalitions/{coalition}/campaigns", response={201: CampaignOut, **ERRORS}, auth=SIGNED_IN
)
def create_campaign(request: HttpRequest, coalition: str, payload: CampaignIn):
    """Create a campaign (the coalition's coordinators, with a second factor)."""
    found = get_coalition_for_coordinator(request, coalition)
    return Status(201, _save_campaign(request, payload.dict(), found, None))


@router.put("/campaigns/{slug}", response={200: CampaignOut, **ERRORS}, auth=SIGNED_IN)
def update_campaign(request: HttpRequest, slug: str, payload: CampaignReplace):
    """Replace a campaign: every field is required (days are kept by date). Sending what
    is already there changes nothing and logs nothing."""
    campaign = get_campaign_for_coordinator(request, slug)
    return _save_campaign(request, payload.dict(), campaign.coalition, campaign)


@router.patch("/campaigns/{slug}", response={200: CampaignOut, **ERRORS}, auth=SIGNED_IN)
def patch_campaign(request: HttpRequest, slug: str, payload: CampaignPatch):
    """Change only the fields sent (a list sent replaces that list)."""
    campaign = get_campaign_for_coordinator(request, slug)
    # The fields sent, with their items' defaults (a target sent without a country has "").
    full = payload.dict()
    data = _current(campaign) | {field: full[field] for field in payload.model_fields_set}
    return _save_campaign(request, data, campaign.coalition, campaign)
