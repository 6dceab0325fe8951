"""Who may see an actor's followers: the people who run it, through the domain's own guards."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from caucus.federation import actors
from caucus.federation.models import ActorKind, LocalActor


def get_actor_for_manager(request: HttpRequest, pk: int) -> tuple[LocalActor, actors.Ref]:
    """The actor, if the person coordinates its coalition (or campaign's) or administers its
    organization: 403 otherwise (the domain guards raise it), 404 for the server's own actor."""
    from caucus.campaigns.permissions import get_campaign_for_coordinator
    from caucus.coalitions.permissions import get_coalition_for_coordinator
    from caucus.organizations.models import Role
    from caucus.organizations.permissions import get_membership_for_user

    actor = get_object_or_404(LocalActor, pk=pk)
    ref = actors.ref_of(actor)
    if ref is None or ref.obj is None:
        raise Http404
    if actor.kind == ActorKind.COALITION:
        get_coalition_for_coordinator(request, ref.obj.slug)
    elif actor.kind == ActorKind.CAMPAIGN:
        get_campaign_for_coordinator(request, ref.obj.slug)
    else:
        get_membership_for_user(request, ref.obj.slug, role=Role.ADMIN)
    return actor, ref
