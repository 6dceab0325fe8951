"""Outside hosts: the public proposal form, the coordinators' review of proposals and their
contact, and the host's amending by the link in their email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caucus.campaigns import services
from caucus.campaigns.event_forms import EventForm, HostEventForm, ReviewForm
from caucus.campaigns.limits import host_slowdown
from caucus.campaigns.models import Approval, Campaign, Event
from caucus.campaigns.permissions import get_campaign_for_coordinator, get_public_campaign
from caucus.campaigns.tokens import host_amend_state, host_amend_tokens
from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.ratelimit import wait_message
from caucus.lib.tokens import TokenError


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
        status=429 if wait else form_status(form),
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


def host_amend(request, token):
    """An outside host adds what the coordinators asked for, by the link in their email."""
    try:
        pk = host_amend_tokens.read_pk(token)
        event = Event.objects.select_related("campaign__coalition").get(
            pk=pk, organization=None, approval=Approval.NEEDS_INFO
        )
        host_amend_tokens.check_state(token, host_amend_state(event))
    except (TokenError, Event.DoesNotExist):
        return render(request, "campaigns/host_link.html", status=404)
    initial = {
        **EventForm.initial_for(event),
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
        status=form_status(form),
    )
