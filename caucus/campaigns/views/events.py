"""Event pages: registering, editing, status, report, RSVPs and the single event's .ics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caucus.campaigns import rsvps, services
from caucus.campaigns.confirmations import confirm_photo_remove, confirm_rsvp_cancel
from caucus.campaigns.event_forms import EventForm, ReportForm, RsvpForm, StatusForm
from caucus.campaigns.ical import ics_response
from caucus.campaigns.limits import rsvp_slowdown
from caucus.campaigns.models import Approval, Campaign, Event, EventPhoto, Rsvp, RsvpState
from caucus.campaigns.permissions import (
    get_event_for_editor,
    get_event_for_user,
    get_membership_for_campaign,
    get_public_campaign,
)
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.visibility import address_for, is_organizer
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.ratelimit import wait_message
from caucus.lib.sharing import share_links
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Role
from caucus.organizations.permissions import get_membership_for_user


def _event_page(request, event: Event, *, rsvp: Rsvp | None = None, form=None, status=200):
    organizer = is_organizer(request.user, event)
    ctx = {
        "event": event,
        "campaign": event.campaign,
        "address": address_for(event, user=request.user, rsvp=rsvp),
        "rsvp": rsvp,
        "rsvp_form": form or RsvpForm(),
        "reader_zone": reader_zone(request),
        "organizer": organizer,
        "confirmed": rsvps.confirmed_count(event),
        "photos": event.photos.all(),
        "changes": event.status_changes.all()[:10],
        **_public_extras(event),
    }
    return render(request, "campaigns/event.html", ctx, status=status)


def _public_extras(event: Event) -> dict:
    """Share links and other actions nearby, for a published action only."""

    from caucus.campaigns.near import nearby

    if event.approval != Approval.APPROVED:
        return {}
    url = absolute_url(event.get_absolute_url())
    return {"share_links": share_links(url, event.title), "nearby": nearby(event)}


def event(request, uid):
    return _event_page(request, get_event_for_user(request, uid))


def _register(request, campaign: Campaign | None, organization):
    form = EventForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(
            data=form.cleaned_data,
            actor=request.user,
            campaign=campaign,
            organization=organization,
        )
        messages.success(request, _("The event is registered."))
        return redirect(event)
    return render(
        request,
        "campaigns/event_form.html",
        {"form": form, "campaign": campaign, "organization": organization},
        status=form_status(form),
    )


@login_required
def register_event(request, slug, org_slug):
    """Register an organization's action in a campaign (its delegates, editors, admins)."""
    campaign = get_public_campaign(slug)
    membership = get_membership_for_campaign(request, campaign, org_slug)
    return _register(request, campaign, membership.organization)


@login_required
def register_standalone(request, org_slug):
    membership = get_membership_for_user(request, org_slug, role=Role.DELEGATE)
    return _register(request, None, membership.organization)


@login_required
def edit_event(request, uid):
    event = get_event_for_editor(request, uid)
    form = EventForm(
        request.POST or None, campaign=event.campaign, initial=EventForm.initial_for(event)
    )
    if request.method == "POST" and form.is_valid():
        services.event_update(event=event, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("The event is saved."))
        return redirect(event)
    return render(
        request,
        "campaigns/event_form.html",
        {
            "form": form,
            "campaign": event.campaign,
            "event": event,
            "organization": event.organization,
        },
        status=form_status(form),
    )


@login_required
def change_status(request, uid):
    event = get_event_for_editor(request, uid)
    form = StatusForm(request.POST or None, initial={"status": event.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.event_change_status(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The status is changed; the people coming are told."))
            return redirect(event)
    return render(
        request,
        "campaigns/event_status.html",
        {"form": form, "event": event},
        status=form_status(form),
    )


@login_required
def report_event(request, uid):
    event = get_event_for_editor(request, uid)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"report": event.report, "attendance": event.attendance},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_report(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The report is saved."))
            return redirect(event)
    return render(
        request,
        "campaigns/event_report.html",
        {"form": form, "event": event, "photos": event.photos.order_by("created", "id")},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def remove_photo(request, uid, pk):
    """Take a photo out of the report (the event's organizers). GET: the confirmation page."""
    event = get_event_for_editor(request, uid)
    photo = get_object_or_404(EventPhoto, pk=pk, event=event)
    if request.method == "GET":
        return confirm_page(request, **confirm_photo_remove(photo))
    services.event_photo_remove(photo=photo, actor=request.user)
    messages.success(request, _("The photo is removed."))
    return redirect("campaigns:report", event.uid)


@require_POST
def rsvp(request, uid):
    """The same page for a new address and for one that has already answered (rsvps.py)."""
    event = get_event_for_user(request, uid)
    form = RsvpForm(request.POST)
    if form.is_valid():
        wait = rsvp_slowdown(request, form.cleaned_data["email"])
        if wait:
            form.add_error(None, wait_message(wait))
            response = _event_page(request, event, form=form, status=429)
            response["Retry-After"] = str(wait)
            return response
        try:
            rsvps.rsvp_create(event=event, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(request, "campaigns/rsvp_sent.html", {"event": event})
    return _event_page(request, event, form=form, status=400)


def rsvp_confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms."""
    from caucus.campaigns.tasks import manage_path

    rsvp, problem = rsvps.confirm_link_rsvp(token)
    if rsvp is None:
        if problem == "used":
            confirmed = _confirmed_by_used_link(token)
            if confirmed is not None:
                ctx = {"rsvp": confirmed, "manage": manage_path(confirmed)}
                return render(request, "campaigns/rsvp_already.html", ctx)
            return render(request, "campaigns/rsvp_link.html", {"problem": problem}, status=410)
        return render(request, "campaigns/rsvp_link.html", {"problem": problem}, status=404)
    if request.method == "POST":
        try:
            rsvp = rsvps.rsvp_confirm(rsvp=rsvp)
        except ValidationError as exc:
            return render(
                request,
                "campaigns/rsvp_link.html",
                {"problem": "refused", "message": " ".join(exc.messages)},
                status=409,
            )
        return redirect(manage_path(rsvp))
    return render(request, "campaigns/rsvp_confirm.html", {"rsvp": rsvp, "event": rsvp.event})


def _confirmed_by_used_link(token: str) -> Rsvp | None:
    """The RSVP a used confirmation link confirmed, if it still is. Only reached once
    rsvp_from_token has checked the token's signature and age ("used" means it is ours but
    the RSVP's state moved on), so a forged token never gets here; the link to the RSVP's
    own page went out in the same email."""
    from caucus.campaigns.tokens import rsvp_confirm_tokens

    pk = rsvp_confirm_tokens.read_pk(token)
    return Rsvp.objects.select_related("event").filter(pk=pk, state=RsvpState.CONFIRMED).first()


def rsvp_manage(request, token):
    """The person's own view of their RSVP: the address once confirmed, and cancelling,
    which asks first (a POST without `confirm` shows what cancelling does, issue 14)."""
    rsvp, problem = rsvps.manage_link_rsvp(token)
    if rsvp is None:
        return render(request, "campaigns/rsvp_link.html", {"problem": problem}, status=404)
    if (
        request.method == "POST"
        and rsvp.state != RsvpState.CANCELLED
        and "confirm" not in request.POST
    ):
        return confirm_page(request, **confirm_rsvp_cancel(rsvp, cancel_url=request.path))
    if request.method == "POST":
        try:
            rsvp = rsvps.rsvp_cancel(rsvp=rsvp)
        except ValidationError as exc:
            messages.info(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your RSVP is cancelled."))
        return redirect(request.path)
    event = rsvp.event
    return render(
        request,
        "campaigns/rsvp_manage.html",
        {
            "rsvp": rsvp,
            "event": event,
            "address": address_for(event, rsvp=rsvp),
            "reader_zone": reader_zone(request),
            "is_confirmed": rsvp.state == RsvpState.CONFIRMED,
            "now": timezone.now(),
        },
    )


def event_ics(request, uid):
    event = get_event_for_user(request, uid)
    return ics_response([event], name=event.title, filename=f"{event.uid}.ics")
