"""Campaign pages: the public page with its map, the coordinators' list, creating and editing,
and the reader's zone for readers without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from caucus.campaigns import services
from caucus.campaigns.forms import CampaignForm, ReaderZoneForm, statement_label
from caucus.campaigns.models import Campaign, Event
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_public_campaign
from caucus.campaigns.reader import COOKIE, by_day, reader_zone
from caucus.campaigns.selectors import map_context, public_statements
from caucus.campaigns.translated import campaign_reading, localized
from caucus.campaigns.views.near import NearForm, place_names
from caucus.coalitions.permissions import get_coalition_for_coordinator, is_coordinator
from caucus.lib.bidi import sentence
from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.zones import get_zone
from caucus.organizations.models import Membership


def _next_events(campaign: Campaign) -> list[Event]:
    """The next 20 actions not yet over; the first 20 once the campaign is all past."""
    listed = (
        Event.objects.listed()
        .filter(campaign=campaign)
        .select_related("organization", "day_of_action")
        .order_by("starts_at", "id")
    )
    return list(listed.filter(ends_at__gte=timezone.now())[:20]) or list(listed[:20])


def campaign(request, slug):
    campaign = get_public_campaign(slug)
    zone = reader_zone(request)
    upcoming = _next_events(campaign)
    reading = campaign_reading(request, campaign)
    ctx = {
        "statements": [
            {"url": s.get_absolute_url(), "title": statement_label(s)}
            for s in public_statements(campaign)
        ],
        "events": upcoming,
        "event_days": by_day(upcoming, zone),
        "form": NearForm(),
        "cities": place_names(campaign),
        "reader_zone": zone,
        "coordinating": is_coordinator(request.user, campaign.coalition),
        "my_orgs": _my_member_orgs(request, campaign),
        **map_context(campaign),
        # Last: the campaign and its rows in the reader's language (templates only).
        **localized(
            reading,
            campaign,
            days=list(campaign.days.all()),
            demands=list(campaign.demands.all()),
            targets=list(campaign.targets.all()),
        ),
    }
    return render(request, "campaigns/campaign.html", ctx)


def campaign_map(request, slug):
    campaign = get_public_campaign(slug)
    # The title in the reader's language (issue 16), like the campaign page's.
    ctx = {**map_context(campaign), **localized(campaign_reading(request, campaign), campaign)}
    return render(request, "campaigns/map.html", ctx)


def _my_member_orgs(request, campaign: Campaign) -> list:
    if not request.user.is_authenticated:
        return []
    return [
        m.organization
        for m in Membership.objects.filter(
            user=request.user,
            organization__in=campaign.coalition.active_organizations(),
        ).select_related("organization")
    ]


@login_required
def coalition_campaigns(request, coalition_slug):
    """A coalition's campaigns, for its coordinators, with the pending hosts' proposals."""
    coalition = get_coalition_for_coordinator(request, coalition_slug)
    campaigns = Campaign.objects.filter(coalition=coalition).order_by("-starts_on")
    return render(
        request,
        "campaigns/coalition_campaigns.html",
        {"coalition": coalition, "campaigns": campaigns},
    )


def _save_campaign(request, form, coalition, campaign=None):
    try:
        saved = services.campaign_save(
            campaign=form.save(commit=False),
            coalition=coalition,
            actor=request.user,
            days=form.cleaned_data["days_text"],
            demands=form.cleaned_data["demands_text"],
            targets=form.cleaned_data["targets_text"],
            statements=form.cleaned_data["statements"],
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    return saved


@login_required
def create_campaign(request, coalition_slug):
    coalition = get_coalition_for_coordinator(request, coalition_slug)
    form = CampaignForm(request.POST or None, request.FILES or None, coalition=coalition)
    if request.method == "POST" and form.is_valid():
        saved = _save_campaign(request, form, coalition)
        if saved:
            messages.success(request, _("The campaign is created."))
            return redirect(saved)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "coalition": coalition},
        status=form_status(form),
    )


@login_required
def edit_campaign(request, slug):
    campaign = get_campaign_for_coordinator(request, slug)
    form = CampaignForm(
        request.POST or None, request.FILES or None, instance=campaign, coalition=campaign.coalition
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_campaign(request, form, campaign.coalition, campaign)
        if saved:
            messages.success(request, _("The campaign is saved."))
            return redirect(saved)
    if request.method == "POST":
        campaign.refresh_from_db()
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "coalition": campaign.coalition, "campaign": campaign},
        status=form_status(form),
    )


def set_reader_zone(request):
    """The selector for readers without JavaScript: remember a zone in a cookie, go back."""
    form = ReaderZoneForm(request.POST or request.GET)
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        name = form.cleaned_data["tz"].strip()
        if get_zone(name) is not None:
            response.set_cookie(COOKIE, name, max_age=365 * 24 * 3600, samesite="Lax")
        else:
            messages.error(
                request, sentence(_("%(zone)s is not a known time zone."), {"zone": name})
            )
    return response
