"""Who belongs to a coalition: inviting organizations, answering an invitation, leaving,
removing a member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.coalitions import services
from caucus.coalitions.confirmations import (
    confirm_decline_invitation,
    confirm_leave,
    confirm_remove_member,
)
from caucus.coalitions.forms import InviteOrganizationForm
from caucus.coalitions.models import CoalitionMembership, MemberStatus
from caucus.coalitions.permissions import get_coalition_for_coordinator
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations.models import Role
from caucus.organizations.permissions import get_membership_for_user


@login_required
def invite(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    form = InviteOrganizationForm(request.POST or None, coalition=coalition)
    if request.method == "POST" and form.is_valid():
        try:
            services.coalition_invite(
                coalition=coalition,
                organization=form.cleaned_data["organization"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                sentence(_("%(org)s is invited."), {"org": form.cleaned_data["organization"]}),
            )
            return redirect("coalitions:manage", slug)
    return render(
        request,
        "coalitions/invite.html",
        {"form": form, "coalition": coalition},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def respond(request, slug, org_slug):
    """An admin of the invited organization accepts or declines on its behalf.

    Accepting acts at once; declining asks first (issue 14): a GET, or a POST of "decline"
    without `confirm`, shows the confirmation page, whose form posts both.
    """
    membership = get_membership_for_user(request, org_slug, role=Role.ADMIN)
    invitation = get_object_or_404(
        CoalitionMembership.objects.select_related("coalition", "organization"),
        coalition__slug=slug,
        organization=membership.organization,
    )
    asking = request.method == "GET" or (
        request.POST.get("answer") == "decline" and "confirm" not in request.POST
    )
    if asking:
        if invitation.status != MemberStatus.INVITED:
            return redirect("accounts:dashboard")
        return confirm_page(request, **confirm_decline_invitation(invitation))
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline"):
        messages.error(request, _("Choose accept or decline."))
        return redirect("accounts:dashboard")
    try:
        services.coalition_respond(membership=invitation, accept=accept, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:dashboard")
    if accept:
        messages.success(
            request,
            sentence(
                _("%(org)s is now a member of %(coalition)s."),
                {"org": membership.organization, "coalition": invitation.coalition},
            ),
        )
        return redirect("coalitions:manage", slug)
    messages.success(request, _("The invitation is declined."))
    return redirect("accounts:dashboard")


@require_http_methods(["GET", "POST"])
@login_required
def leave(request, slug, org_slug):
    """GET: the confirmation page; POST: the organization leaves the coalition."""
    membership = get_membership_for_user(request, org_slug, role=Role.ADMIN)
    row = get_object_or_404(
        CoalitionMembership.objects.select_related("coalition", "organization"),
        coalition__slug=slug,
        organization=membership.organization,
    )
    if request.method == "GET":
        return confirm_page(request, **confirm_leave(row))
    try:
        services.coalition_leave(membership=row, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            sentence(
                _("%(org)s has left %(coalition)s."),
                {"org": membership.organization, "coalition": row.coalition},
            ),
        )
    return redirect("organizations:manage", org_slug)


@require_http_methods(["GET", "POST"])
@login_required
def remove_member(request, slug, pk):
    """GET: the confirmation page; POST: remove the organization (or withdraw its invitation)."""
    coalition = get_coalition_for_coordinator(request, slug)
    row = get_object_or_404(
        CoalitionMembership.objects.select_related("organization"), pk=pk, coalition=coalition
    )
    if request.method == "GET":
        return confirm_page(request, **confirm_remove_member(row))
    try:
        services.coalition_leave(membership=row, actor=request.user, removed=True)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, sentence(_("%(org)s is no longer a member."), {"org": row.organization})
        )
    return redirect("coalitions:manage", slug)
