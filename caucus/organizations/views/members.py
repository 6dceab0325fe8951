"""An organization's members: changing a role, removing someone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations import services
from caucus.organizations.confirmations import (
    confirm_change_role,
    confirm_remove_member,
    lowers_role,
)
from caucus.organizations.forms import (
    RoleForm,
)
from caucus.organizations.models import Membership, Role
from caucus.organizations.permissions import get_membership_for_user


def _ask_first(request, member: Membership, form: RoleForm) -> HttpResponse | None:
    """The confirmation step when the role asked for is lower than the member's (issue 14):
    the page on GET, a redirect to it for a POST that does not come from that page."""
    if not form.is_valid() or not lowers_role(member, form.cleaned_data["role"]):
        return None
    role = form.cleaned_data["role"]
    if request.method == "GET":
        return confirm_page(request, **confirm_change_role(member, role, actor=request.user))
    if request.POST.get("confirmed"):
        return None
    confirm_url = f"{request.path}?{urlencode({'role': role})}"
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": confirm_url})
    return redirect(confirm_url)


@require_http_methods(["GET", "POST"])
@login_required
def change_role(request, slug, pk):
    """GET: the confirmation of lowering a role; POST: change the role."""
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    member = get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=pk,
        organization=membership.organization,
    )
    form = RoleForm(request.POST if request.method == "POST" else request.GET)
    asked = _ask_first(request, member, form)
    if asked is not None:
        return asked
    if request.method == "GET":  # nothing to confirm: raising a role takes one click
        return redirect("organizations:manage", slug)
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
                "can_manage": True,
                "organization": membership.organization,
                "role_form": RoleForm(),
            },
            status=form_status(form),
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
