"""Running a coalition: creating it, inviting organizations, the platform, coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caucus.audit.models import AuditEntry
from caucus.coalitions import services
from caucus.coalitions.confirmations import (
    confirm_decline_invitation,
    confirm_leave,
    confirm_remove_coordinator,
    confirm_remove_member,
)
from caucus.coalitions.forms import (
    CoalitionForm,
    CoordinatorForm,
    CreateCoalitionForm,
    InviteOrganizationForm,
    PlatformForm,
)
from caucus.coalitions.models import CoalitionMembership, Coordinator, MemberStatus
from caucus.coalitions.permissions import get_coalition_for_coordinator, get_coalition_for_member
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error
from caucus.organizations.models import Organization, Role
from caucus.organizations.permissions import get_membership_for_user, require_mfa


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
    return render(
        request, "coalitions/create.html", {"form": form}, status=400 if form.errors else 200
    )


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
    form = CoalitionForm(request.POST or None, instance=coalition)
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
        status=400 if form.errors else 200,
    )


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
        status=400 if form.errors else 200,
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


@login_required
def platform(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    current = coalition.current_platform()
    initial = {"points": "\n\n".join(current.points)} if current else {}
    form = PlatformForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.platform_save(
                coalition=coalition,
                points=form.cleaned_data["points"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Version %(n)s of the platform is saved.") % {"n": version.number}
            )
            return redirect("coalitions:manage", slug)
    return render(
        request,
        "coalitions/platform_form.html",
        {"form": form, "coalition": coalition, "current": current},
        status=400 if form.errors else 200,
    )


@login_required
def platform_history(request, slug):
    coalition, _coordinating = get_coalition_for_member(request, slug)
    versions = coalition.platform_versions.select_related("author")
    return render(
        request, "coalitions/platform_history.html", {"coalition": coalition, "versions": versions}
    )


@login_required
def add_coordinator(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    form = CoordinatorForm(
        request.POST or None, candidates=services.candidates_for_coordinator(coalition)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_add(
                coalition=coalition, user=form.cleaned_data["user"], actor=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                sentence(_("%(user)s is now a coordinator."), {"user": form.cleaned_data["user"]}),
            )
            return redirect("coalitions:manage", slug)
    return render(
        request,
        "coalitions/coordinator_form.html",
        {"form": form, "coalition": coalition},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def remove_coordinator(request, slug, pk):
    """GET: the confirmation page; POST: the person stops coordinating."""
    coalition = get_coalition_for_coordinator(request, slug)
    coordinator = get_object_or_404(
        Coordinator.objects.select_related("user"), pk=pk, coalition=coalition
    )
    if request.method == "GET":
        return confirm_page(request, **confirm_remove_coordinator(coordinator))
    try:
        services.coordinator_remove(coordinator=coordinator, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, sentence(_("%(user)s is no longer a coordinator."), {"user": coordinator.user})
        )
    return redirect("coalitions:manage", slug)


@login_required
def audit(request, slug):
    coalition = get_coalition_for_coordinator(request, slug)
    entries = AuditEntry.objects.filter(coalition=coalition)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "scope": coalition,
            "back": reverse("coalitions:manage", args=[slug]),
        },
    )
