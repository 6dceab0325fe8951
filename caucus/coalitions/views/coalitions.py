"""A coalition itself: creating it, its page for members, its settings and its audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from caucus.audit.pages import log_page
from caucus.coalitions import services
from caucus.coalitions.forms import (
    CoalitionSettingsForm,
    CreateCoalitionForm,
    InviteOrganizationForm,
)
from caucus.coalitions.permissions import get_coalition_for_coordinator, get_coalition_for_member
from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations.models import Organization
from caucus.organizations.permissions import require_mfa


@login_required
def create(request):
    organizations = Organization.objects.for_user(request.user).order_by("name")
    if not organizations:
        raise PermissionDenied(_("Only members of an organization can create a coalition."))
    require_mfa(request.user)
    form = CreateCoalitionForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            coalition = services.coalition_create(
                organization=data["organization"],
                actor=request.user,
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                member_list=data["member_list"],
                is_public=data["is_public"],
                language=data["language"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The coalition is created. Invite organizations next."))
            return redirect("coalitions:manage", coalition.slug)
    return render(request, "coalitions/create.html", {"form": form}, status=form_status(form))


@login_required
def manage(request, slug):
    coalition, coordinating = get_coalition_for_member(request, slug)
    memberships = coalition.memberships.select_related("organization").order_by(
        "status", "organization__country", "organization__name"
    )
    ctx = {
        "coalition": coalition,
        "coordinating": coordinating,
        "memberships": memberships,
        "platform": coalition.current_platform(),
        "coordinators": coalition.coordinators.select_related("user"),
        "invite_form": InviteOrganizationForm(coalition=coalition) if coordinating else None,
    }
    return render(request, "coalitions/manage.html", ctx)


@login_required
def edit(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    form = CoalitionSettingsForm(request.POST or None, request.FILES or None, instance=coalition)
    if request.method == "POST" and form.is_valid():
        coalition = form.save(commit=False)
        services.coalition_update(
            coalition=coalition, actor=request.user, changed=form.changed_data
        )
        messages.success(request, _("The coalition's settings are saved."))
        return redirect("coalitions:manage", coalition.slug)
    if request.method == "POST":
        coalition.refresh_from_db()
    return render(
        request,
        "coalitions/edit.html",
        {"form": form, "coalition": coalition},
        status=form_status(form),
    )


@login_required
def audit(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    back = reverse("coalitions:manage", args=[slug])
    return log_page(request, scope=coalition, back=back, coalition=coalition)
