"""The signed-in person's dashboard, composed from each app's selectors, and the page that
explains a refusal (the 403 handler). They sit in the interface layer because they read every
domain app; accounts stays below them all.

Each domain app answers one question in its own `selectors.py` (ballots to cast, statements
to sign, amendments to decide, hosts' proposals, invitations, meetings and hearings); this
module only orders their answers: what has a deadline first, soonest first, then the rest
oldest first. Every selector is a fixed number of queries, so the dashboard is too.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from caucus.accounts.mfa import has_mfa, needs_confirmation
from caucus.campaigns.reader import reader_zone
from caucus.campaigns.selectors import host_proposals_to_review
from caucus.coalitions.selectors import coalitions_for, invitations_to_answer
from caucus.decisions.selectors import ballots_awaiting, upcoming_meetings
from caucus.organizations.permissions import MFARequired
from caucus.organizations.selectors import invitations_for
from caucus.signatures.selectors import awaiting_signature
from caucus.solidarity.selectors import upcoming_hearings_for
from caucus.statements.selectors import amendments_to_decide


@dataclass
class Item:
    kind: str  # names the template that shows it: accounts/needs/_<kind>.html
    item: Any
    deadline: datetime | None = None
    since: datetime | None = None

    @property
    def template(self) -> str:
        return f"accounts/needs/_{self.kind}.html"


def _order(items: list[Item]) -> list[Item]:
    def key(item: Item):
        if item.deadline is not None:
            return (0, item.deadline.timestamp())
        return (1, item.since.timestamp() if item.since else 0.0)

    return sorted(items, key=key)


def needs_you(user) -> list[Item]:
    """Everything waiting for the person to act, most urgent first."""
    items = [Item("ballot", b, deadline=b.closes_at) for b in ballots_awaiting(user)]
    for need in awaiting_signature(user):
        since = need.signature.signed_at if need.reconfirm else need.statement.created
        items.append(Item("reconfirm" if need.reconfirm else "signature", need, since=since))
    items += [Item("amendment", a, since=a.created) for a in amendments_to_decide(user)]
    items += [
        Item("host_proposal", e, deadline=e.starts_at, since=e.created)
        for e in host_proposals_to_review(user)
    ]
    items += [
        Item("coalition_invitation", m, since=m.invited_at) for m in invitations_to_answer(user)
    ]
    items += [
        Item("org_invitation", i, deadline=i.invitation.expires) for i in invitations_for(user)
    ]
    return _order(items)


def coming_up(user) -> list[Item]:
    """The person's coalitions' meetings and court hearings of the next weeks, by start."""
    items = [Item("meeting", m, deadline=m.starts_at) for m in upcoming_meetings(user)]
    items += [Item("hearing", h, deadline=h.starts_at) for h in upcoming_hearings_for(user)]
    return _order(items)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
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


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    template = "403_mfa.html" if isinstance(exception, MFARequired) else "403.html"
    message = str(exception) if exception and str(exception) else ""
    ctx = {"message": message, "confirm_second_factor": needs_confirmation(request.user)}
    return render(request, template, ctx, status=403)
