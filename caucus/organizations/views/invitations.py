"""An organization's invitations: sending and revoking them, and accepting one from its link."""

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.lib.tokens import TokenError
from caucus.organizations import services
from caucus.organizations.confirmations import confirm_revoke_invitation
from caucus.organizations.forms import (
    AcceptInvitationForm,
    InvitationForm,
)
from caucus.organizations.models import Invitation, InvitationState, Role
from caucus.organizations.permissions import get_membership_for_user
from caucus.organizations.tokens import invitation_tokens


@login_required
def invite(request, slug):
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    organization = membership.organization
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                sentence(_("Invitation sent to %(email)s."), {"email": form.cleaned_data["email"]}),
            )
            return redirect("organizations:manage", slug)
    return render(
        request,
        "organizations/invite.html",
        {"form": form, "organization": organization},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def revoke_invitation(request, slug, pk):
    """GET: the confirmation page; POST: revoke the invitation."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    invitation = get_object_or_404(Invitation, pk=pk, organization=membership.organization)
    if request.method == "GET":
        return confirm_page(request, **confirm_revoke_invitation(invitation))
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation is revoked."))
    return redirect("organizations:manage", slug)


def _invitation_from_token(token: str) -> tuple[Invitation | None, str]:
    """The invitation a link names and what is wrong with it ("" when it can be accepted)."""
    try:
        pk = invitation_tokens.read_pk(token)
    except TokenError as exc:
        return None, exc.reason
    invitation = Invitation.objects.select_related("organization").filter(pk=pk).first()
    if invitation is None:
        return None, "forged"
    state = invitation.state
    if state != InvitationState.PENDING:
        return invitation, {"accepted": "used", "revoked": "revoked", "expired": "expired"}[state]
    try:
        invitation_tokens.check_state(token, invitation.token_state())
    except TokenError as exc:
        return invitation, exc.reason
    return invitation, ""


def accept_invitation(request, token):
    invitation, problem = _invitation_from_token(token)
    if problem or invitation is None:
        return render(
            request,
            "organizations/invitation_invalid.html",
            {"problem": problem, "invitation": invitation},
            status=410 if invitation else 404,
        )
    User = get_user_model()
    existing = User.objects.filter(email__iexact=invitation.email).first()
    ctx: dict = {"invitation": invitation, "organization": invitation.organization}
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(request, "organizations/invitation_other_user.html", ctx, status=403)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            messages.success(
                request, sentence(_("Welcome to %(org)s."), {"org": invitation.organization})
            )
            return redirect("organizations:manage", invitation.organization.slug)
        return render(request, "organizations/invitation_join.html", ctx)
    if existing is not None:
        ctx["login_url"] = reverse("account_login") + "?next=" + request.path
        return render(request, "organizations/invitation_sign_in.html", ctx)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.user_create_from_invitation(
            invitation=invitation,
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
        )
        messages.success(
            request,
            sentence(
                _("Welcome to %(org)s. Set up two-factor authentication to act for it."),
                {"org": invitation.organization},
            ),
        )
        # allauth's login records the password just chosen, so setting up two-factor right
        # away does not ask for it again.
        return perform_login(
            request,
            user,
            redirect_url=reverse("organizations:manage", args=[invitation.organization.slug]),
        )
    ctx["form"] = form
    return render(request, "organizations/invitation_accept.html", ctx, status=form_status(form))
