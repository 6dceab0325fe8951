"""The signed-in person's dashboard, and the page that explains a refusal."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from caucus.accounts.dashboard import coming_up, needs_you
from caucus.accounts.mfa import has_mfa, needs_confirmation
from caucus.campaigns.reader import reader_zone
from caucus.coalitions.selectors import coalitions_for
from caucus.organizations.permissions import MFARequired


@login_required
def dashboard(request):
    """What needs the person now, what is coming up, then their organizations and coalitions."""
    user = request.user
    ctx = {
        "needs_you": needs_you(user),
        "coming_up": coming_up(user),
        "memberships": list(user.memberships.select_related("organization")),
        "coalitions": coalitions_for(user),
        "has_mfa": has_mfa(user),
        "confirm_second_factor": needs_confirmation(user),
        "reader_zone": reader_zone(request),
    }
    return render(request, "accounts/dashboard.html", ctx)


def permission_denied(request, exception=None):
    template = "403_mfa.html" if isinstance(exception, MFARequired) else "403.html"
    message = str(exception) if exception and str(exception) else ""
    ctx = {"message": message, "confirm_second_factor": needs_confirmation(request.user)}
    return render(request, template, ctx, status=403)
