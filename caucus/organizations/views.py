"""Acting for an organization: its dashboard, profile, members, invitations and bodies."""

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caucus.accounts.mfa import has_mfa
from caucus.audit.models import AuditEntry
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error
from caucus.lib.tokens import TokenError
from caucus.organizations import services
from caucus.organizations.confirmations import confirm_remove_member, confirm_revoke_invitation
from caucus.organizations.forms import (
    AcceptInvitationForm,
    BodyForm,
    InvitationForm,
    OrganizationForm,
    RoleForm,
)
from caucus.organizations.models import Invitation, InvitationState, Membership, Role
from caucus.organizations.permissions import get_membership_for_user
from caucus.organizations.tokens import invitation_tokens


@login_required
def manage(request, slug):
    membership = get_membership_for_user(request, slug, act=False)
    organization = membership.organization
    ctx = {
        "has_mfa": has_mfa(request.user),
        "membership": membership,
        "organization": organization,
        "is_admin": membership.role == Role.ADMIN,
        "members": organization.memberships.select_related("user").order_by("user__name"),
        "invitations": organization.invitations.filter(accepted_at__isnull=True)[:50],
        "bodies": organization.bodies.all(),
        "coalitions": organization.coalition_memberships.without_declined().select_related(
            "coalition"
        ),
        "invite_form": InvitationForm(),
        "role_form": RoleForm(),
    }
    return render(request, "organizations/manage.html", ctx)


@login_required
def edit(request, slug):
    membership = get_membership_for_user(request, slug)
    organization = membership.organization
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        organization = form.save(commit=False)
        services.organization_update(
            organization=organization, actor=request.user, changed=form.changed_data
        )
        messages.success(request, _("The profile is saved."))
        return redirect("organizations:manage", organization.slug)
    if request.method == "POST":
        organization.refresh_from_db()  # the form mutated the instance; show the stored slug
    return render(
        request,
        "organizations/edit.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


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
        status=400 if form.errors else 200,
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


@require_POST
@login_required
def change_role(request, slug, pk):
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    member = get_object_or_404(Membership, pk=pk, organization=membership.organization)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=member, role=form.cleaned_data["role"], actor=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
    if form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        messages.success(
            request,
            sentence(
                _("The role of %(user)s is now %(role)s."),
                {"user": member.user, "role": conditional_escape(member.get_role_display())},
            ),
        )
    if request.headers.get("HX-Request"):
        return render(
            request,
            "organizations/_member_row.html",
            {
                "m": member,
                "is_admin": True,
                "organization": membership.organization,
                "role_form": RoleForm(),
            },
            status=400 if form.errors else 200,
        )
    return redirect("organizations:manage", slug)


@require_http_methods(["GET", "POST"])
@login_required
def remove_member(request, slug, pk):
    """GET: the confirmation page; POST: the person leaves the organization."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    member = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organization=membership.organization
    )
    if request.method == "GET":
        return confirm_page(request, **confirm_remove_member(member, actor=request.user))
    try:
        services.membership_remove(membership=member, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("organizations:manage", slug)
    messages.success(request, sentence(_("%(user)s is no longer a member."), {"user": member.user}))
    if member.user_id == request.user.id:
        return redirect("accounts:dashboard")
    return redirect("organizations:manage", slug)


@login_required
def create_body(request, slug):
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    organization = membership.organization
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_create(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The body is created."))
            return redirect("organizations:manage", slug)
    return render(
        request,
        "organizations/body_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def audit(request, slug):
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    entries = AuditEntry.objects.filter(organization=membership.organization)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "scope": membership.organization,
            "back": reverse("organizations:manage", args=[slug]),
        },
    )


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
    return render(
        request, "organizations/invitation_accept.html", ctx, status=400 if form.errors else 200
    )
