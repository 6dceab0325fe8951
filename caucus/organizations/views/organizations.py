"""Acting for an organization: its dashboard, profile and audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.accounts.mfa import has_mfa
from caucus.audit.pages import log_page
from caucus.lib.forms import form_status
from caucus.organizations import services
from caucus.organizations.forms import (
    InvitationForm,
    OrganizationForm,
    RoleForm,
)
from caucus.organizations.models import Role
from caucus.organizations.permissions import get_membership_for_user, may_act


@login_required
def manage(request, slug):
    membership = get_membership_for_user(request, slug, act=False)
    organization = membership.organization
    ctx = {
        "has_mfa": has_mfa(request.user),
        "membership": membership,
        "organization": organization,
        # What the page offers is what the guards allow: a second factor included.
        "can_act": may_act(request.user, membership),
        "can_manage": may_act(request.user, membership, Role.ADMIN),
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
        status=form_status(form),
    )


@login_required
def audit(request, slug):
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    organization = membership.organization
    back = reverse("organizations:manage", args=[slug])
    return log_page(request, scope=organization, back=back, organization=organization)
