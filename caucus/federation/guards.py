"""Who may see an actor's followers: the people who run it, through the domain's own guards."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from caucus.federation import actors
from caucus.federation.models import ActorKind, LocalActor


def get_actor_for_manager(request: HttpRequest, pk: int) -> tuple[LocalActor, actors.Ref]:
    """The actor, if the person coordinates its coalition (or campaign's) or administers its
    organization: 403 otherwise (the domain guards raise it), 404 for the server's own actor."""
    actor = get_object_or_404(LocalActor, pk=pk)
    ref = actors.ref_of(actor)
    if ref is None or ref.obj is None:
        raise Http404
    _require_manager(request, ref)
    return actor, ref


def managed_actor(request: HttpRequest, ref: actors.Ref) -> LocalActor | None:
    """The actor of a public coalition, organization or campaign whose followers page
    `get_actor_for_manager` would show this person; None otherwise (for a link to it)."""
    if ref.obj is None or not actors.is_public(ref):
        return None
    try:
        _require_manager(request, ref)
    except (PermissionDenied, Http404):  # MFARequired included: the page would refuse too
        return None
    return actors.local_actor(ref)


def _require_manager(request: HttpRequest, ref: actors.Ref) -> None:
    from caucus.campaigns.permissions import get_campaign_for_coordinator
    from caucus.coalitions.permissions import get_coalition_for_coordinator
    from caucus.organizations.models import Role
    from caucus.organizations.permissions import get_membership_for_user

    if ref.kind == ActorKind.COALITION:
        get_coalition_for_coordinator(request, ref.obj.slug)
    elif ref.kind == ActorKind.CAMPAIGN:
        get_campaign_for_coordinator(request, ref.obj.slug)
    else:
        get_membership_for_user(request, ref.obj.slug, role=Role.ADMIN)
