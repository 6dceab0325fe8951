"""{% fediverse_handle obj %}: the @name@host by which fediverse apps follow one of our actors;
{% followers_page_url obj as url %}: where those who run it see who follows it.

Template tags, so that domain pages (a statement's "follow" links, the management pages) can
name the handle and link the followers page without the domain apps importing this interface.
"""

from django import template
from django.urls import reverse

from caucus.federation import actors
from caucus.federation.guards import managed_actor
from caucus.federation.models import ActorKind

register = template.Library()

KINDS = {
    "coalition": ActorKind.COALITION,
    "organization": ActorKind.ORGANIZATION,
    "campaign": ActorKind.CAMPAIGN,
}


def _ref(obj) -> actors.Ref | None:
    kind = KINDS.get(getattr(getattr(obj, "_meta", None), "model_name", ""))
    return actors.Ref(kind, obj) if kind is not None else None


@register.simple_tag
def fediverse_handle(obj) -> str:
    """ "@united@caucus.example" for a public coalition, organization or campaign, else ""."""
    ref = _ref(obj)
    if ref is None or not actors.is_public(ref):
        return ""
    return f"@{actors.username(ref)}@{actors.site_host()}"


@register.simple_tag(takes_context=True)
def followers_page_url(context, obj) -> str:
    """The followers page of a public coalition, organization or campaign, when its guard lets
    the person in (coordinators, organization admins); "" otherwise."""
    request = context.get("request")
    ref = _ref(obj)
    if request is None or ref is None:
        return ""
    actor = managed_actor(request, ref)
    return reverse("federation:followers_page", args=[actor.pk]) if actor is not None else ""
