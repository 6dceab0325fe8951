"""The signed-in person's dashboard, and the page that explains a refusal."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from caucus.accounts.mfa import has_mfa, needs_confirmation
from caucus.coalitions.models import Coalition, CoalitionMembership, MemberStatus
from caucus.organizations.models import Role
from caucus.organizations.permissions import MFARequired


@login_required
def dashboard(request):
    memberships = list(request.user.memberships.select_related("organization"))
    admin_orgs = [m.organization_id for m in memberships if m.role == Role.ADMIN]
    pending = CoalitionMembership.objects.filter(
        organization_id__in=admin_orgs, status=MemberStatus.INVITED
    ).select_related("coalition", "organization")
    ctx = {
        "memberships": memberships,
        "coalitions": Coalition.objects.for_user(request.user),
        "pending_coalition_invitations": pending,
        "has_mfa": has_mfa(request.user),
    }
    return render(request, "accounts/dashboard.html", ctx)


def permission_denied(request, exception=None):
    template = "403_mfa.html" if isinstance(exception, MFARequired) else "403.html"
    message = str(exception) if exception and str(exception) else ""
    ctx = {"message": message, "confirm_second_factor": needs_confirmation(request.user)}
    return render(request, template, ctx, status=403)
