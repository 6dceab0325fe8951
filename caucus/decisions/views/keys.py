"""Ballot keys: an organization's page to register, approve and revoke its delegates' keys,
and the coordinators' view of every member organization's keys and their history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caucus.audit.models import AuditEntry
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.confirmations import confirm_key_revoke
from caucus.decisions.models import BallotKey, BallotKeyState
from caucus.decisions.permissions import require_coordinator
from caucus.decisions.services import ballot_keys
from caucus.decisions.vote_forms import BallotKeyForm
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error, form_status
from caucus.organizations.models import Role
from caucus.organizations.permissions import get_membership_for_user

KEY_ACTIONS = ["ballot_key.registered", "ballot_key.approved", "ballot_key.revoked"]


@login_required
def key_list(request, slug):
    """Every delegate of the organization sees its keys and registers their own device's;
    registering needs the second factor, like every act for the organization."""
    membership = get_membership_for_user(request, slug, act=request.method == "POST")
    organization = membership.organization
    form = BallotKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = ballot_keys.key_register(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if key.state == BallotKeyState.ACTIVE:
                messages.success(request, _("The key is registered and active."))
            else:
                messages.success(request, _("The key is registered; an admin must approve it."))
            return redirect("decisions:ballot_keys", slug)
    ctx = {
        "organization": organization,
        "is_admin": membership.has_role(Role.ADMIN),
        "keys": organization.ballot_keys.select_related("holder").order_by("state", "-created"),
        "form": form,
    }
    return render(request, "decisions/ballot_keys.html", ctx, status=form_status(form))


def _key_for_admin(request, slug: str, pk: int) -> BallotKey:
    membership = get_membership_for_user(request, slug, role=Role.ADMIN)
    return get_object_or_404(BallotKey, pk=pk, organization=membership.organization)


@require_POST
@login_required
def key_approve(request, slug, pk):
    key = _key_for_admin(request, slug, pk)
    try:
        ballot_keys.key_approve(key=key, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The key is active; votes opened from now on list it."))
    return redirect("decisions:ballot_keys", slug)


@require_http_methods(["GET", "POST"])
@login_required
def key_revoke(request, slug, pk):
    """An admin revokes any of the organization's keys; a delegate the keys they hold.
    GET: the confirmation page; POST: revoke."""
    membership = get_membership_for_user(request, slug)
    key = get_object_or_404(
        BallotKey.objects.select_related("organization"),
        pk=pk,
        organization=membership.organization,
    )
    if not membership.has_role(Role.ADMIN) and key.holder_id != request.user.pk:
        raise PermissionDenied(_("Only an admin revokes another delegate's key."))
    if request.method == "GET":
        return confirm_page(request, **confirm_key_revoke(key))
    try:
        ballot_keys.key_revoke(key=key, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The key is revoked: no ballot signed with it is accepted."))
    return redirect("decisions:ballot_keys", slug)


@login_required
def coalition_keys(request, slug):
    """For coordinators: each member organization's keys, and the latest changes to them."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    organizations = [
        m.organization for m in coalition.active_members().order_by("organization__name")
    ]
    rows = BallotKey.objects.filter(organization__in=organizations).exclude(
        state=BallotKeyState.REVOKED
    )
    by_org: dict[int, list[BallotKey]] = {}
    for key in rows.order_by("-created"):
        by_org.setdefault(key.organization_id, []).append(key)
    history = (
        AuditEntry.objects.filter(organization__in=organizations, action__in=KEY_ACTIONS)
        .select_related("organization")
        .order_by("-pk")[:50]
    )
    ctx = {
        "coalition": coalition,
        "organizations": [(org, by_org.get(org.pk, [])) for org in organizations],
        "history": history,
    }
    return render(request, "decisions/coalition_ballot_keys.html", ctx)
