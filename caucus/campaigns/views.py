"""Campaign pages: the public page with its map, coordinating, and outside hosts' proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.campaigns import services
from caucus.campaigns.forms import (
    CampaignForm,
    HostEventForm,
    ReaderZoneForm,
    ReviewForm,
    statement_label,
)
from caucus.campaigns.limits import host_slowdown
from caucus.campaigns.models import Approval, Campaign, Event, EventStatus, PlaceCount
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_public_campaign
from caucus.campaigns.reader import COOKIE, by_day, reader_zone
from caucus.campaigns.translated import campaign_reading, localized
from caucus.campaigns.worldmap import choropleth_class, point_radius, project, world_shapes
from caucus.coalitions.models import MemberStatus
from caucus.coalitions.permissions import get_coalition_for_coordinator, is_coordinator
from caucus.lib.forms import apply_validation_error
from caucus.lib.ratelimit import wait_message
from caucus.lib.zones import get_zone
from caucus.organizations.models import Membership


def map_context(campaign: Campaign) -> dict:
    """The SVG map and its text alternative, from the pre-aggregated PlaceCount rows."""
    places = list(PlaceCount.objects.filter(campaign=campaign).order_by("-events", "city"))
    by_country: dict[str, int] = {}
    for place in places:
        by_country[place.country] = by_country.get(place.country, 0) + place.events
    maximum = max(by_country.values(), default=0)
    from caucus.lib.countries import country_name

    countries = [
        {
            "shape": shape,
            "name": country_name(shape.code) if shape.code else shape.name,
            "count": by_country.get(shape.code, 0),
            "klass": choropleth_class(by_country.get(shape.code, 0), maximum),
        }
        for shape in world_shapes()
    ]
    points = [
        {
            "place": p,
            "x": project(p.longitude, p.latitude)[0],
            "y": project(p.longitude, p.latitude)[1],
            "r": point_radius(p.events),
        }
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    table = sorted(
        (
            {
                "code": code,
                "name": country_name(code),
                "count": n,
                "cities": sum(1 for p in places if p.country == code),
            }
            for code, n in by_country.items()
        ),
        key=lambda row: (-row["count"], row["name"]),
    )
    return {
        "map_countries": countries,
        "map_points": points,
        "map_table": table,
        "counts": {
            "events": sum(by_country.values()),
            "countries": len(by_country),
            "cities": len(places),
            "organizations": campaign.organization_count,
        },
    }


def public_statements(campaign: Campaign):
    from caucus.statements.models import Statement

    return (
        Statement.objects.public()
        .filter(campaigns=campaign)
        .select_related("published_version", "current_version")
        .order_by("-published_at", "-pk")
    )


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
    from caucus.campaigns.views_near import NearForm, place_names

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
    return render(request, "campaigns/map.html", {"campaign": campaign, **map_context(campaign)})


def _my_member_orgs(request, campaign: Campaign) -> list:
    if not request.user.is_authenticated:
        return []
    return [
        m.organization
        for m in Membership.objects.filter(
            user=request.user,
            organization__coalition_memberships__coalition=campaign.coalition,
            organization__coalition_memberships__status=MemberStatus.ACTIVE,
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
    form = CampaignForm(request.POST or None, coalition=coalition)
    if request.method == "POST" and form.is_valid():
        saved = _save_campaign(request, form, coalition)
        if saved:
            messages.success(request, _("The campaign is created."))
            return redirect(saved)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "coalition": coalition},
        status=400 if form.errors else 200,
    )


@login_required
def edit_campaign(request, slug):
    campaign = get_campaign_for_coordinator(request, slug)
    form = CampaignForm(request.POST or None, instance=campaign, coalition=campaign.coalition)
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
        status=400 if form.errors else 200,
    )


def host_form(request, slug):
    """The public form for outside organizations, when the campaign takes them."""
    campaign = get_public_campaign(slug)
    if not campaign.accepts_hosts:
        return render(request, "campaigns/host_closed.html", {"campaign": campaign}, status=404)
    form = HostEventForm(request.POST or None, campaign=campaign)
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = host_slowdown(request, form.cleaned_data["host_contact"])
        if not wait:
            services.host_submit(campaign=campaign, data=form.cleaned_data)
            return render(request, "campaigns/host_thanks.html", {"campaign": campaign})
        form.add_error(None, wait_message(wait))
    response = render(
        request,
        "campaigns/host_form.html",
        {"form": form, "campaign": campaign},
        status=429 if wait else 400 if form.errors else 200,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


@login_required
def host_review_list(request, slug):
    campaign = get_campaign_for_coordinator(request, slug)
    return render(
        request,
        "campaigns/host_review.html",
        {"campaign": campaign, "rows": _review_rows(campaign)},
    )


def _review_rows(campaign: Campaign, failed: Event | None = None, form=None) -> list:
    """Each waiting proposal with its own decision form (ids unique per proposal, so each
    label ticks its own radio button); the one that was refused keeps its errors."""
    proposals = (
        Event.objects.filter(campaign=campaign, organization=None)
        .exclude(approval=Approval.APPROVED)
        .order_by("created")[:200]
    )
    return [
        (
            event,
            form
            if failed is not None and event.pk == failed.pk
            else ReviewForm(auto_id=f"review-{event.pk}-%s"),
        )
        for event in proposals
    ]


@require_POST
@login_required
def host_review(request, slug, uid):
    campaign = get_campaign_for_coordinator(request, slug)
    event = get_object_or_404(Event, uid=uid, campaign=campaign, organization=None)
    form = ReviewForm(request.POST, auto_id=f"review-{event.pk}-%s")
    if form.is_valid():
        services.host_review(
            event=event,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("The decision is saved."))
        return redirect("campaigns:host_review_list", slug)
    return render(
        request,
        "campaigns/host_review.html",
        {"campaign": campaign, "rows": _review_rows(campaign, event, form)},
        status=400,
    )


@require_POST
@login_required
def host_contact(request, slug, uid):
    """An outside host's contact email, for the campaign's coordinators; each reading is
    logged, so it is asked for with a button rather than shown in the list."""
    campaign = get_campaign_for_coordinator(request, slug)
    event = get_object_or_404(
        Event.objects.select_related("campaign__coalition"),
        uid=uid,
        campaign=campaign,
        organization=None,
    )
    contact = services.host_contact_reveal(event=event, actor=request.user)
    response = render(
        request,
        "campaigns/host_contact.html",
        {"campaign": campaign, "event": event, "contact": contact},
    )
    response["Cache-Control"] = "no-store"
    return response


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
            messages.error(request, _("%(zone)s is not a known time zone.") % {"zone": name})
    return response


__all__ = ["EventStatus", "Sum"]


def host_amend(request, token):
    """An outside host adds what the coordinators asked for, by the link in their email."""
    from caucus.campaigns.tokens import host_amend_state, host_amend_tokens
    from caucus.campaigns.views_events import _initial
    from caucus.lib.tokens import TokenError

    try:
        pk = host_amend_tokens.read_pk(token)
        event = Event.objects.select_related("campaign__coalition").get(
            pk=pk, organization=None, approval=Approval.NEEDS_INFO
        )
        host_amend_tokens.check_state(token, host_amend_state(event))
    except (TokenError, Event.DoesNotExist):
        return render(request, "campaigns/host_link.html", status=404)
    initial = {
        **_initial(event),
        "host_name": event.host_name,
        "host_contact": event.host_contact,
        "host_message": event.host_message,
    }
    form = HostEventForm(request.POST or None, campaign=event.campaign, initial=initial)
    form.fields["host_contact"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.host_amend(event=event, data=form.cleaned_data)
        except ValidationError as exc:  # sent twice at once: the second finds it pending
            apply_validation_error(form, exc)
        else:
            return render(request, "campaigns/host_thanks.html", {"campaign": event.campaign})
    return render(
        request,
        "campaigns/host_form.html",
        {"form": form, "campaign": event.campaign, "amending": event},
        status=400 if form.errors else 200,
    )
