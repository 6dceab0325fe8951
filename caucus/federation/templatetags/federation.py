"""{% fediverse_handle obj %}: the @name@host by which fediverse apps follow one of our actors.

A template tag, so that domain pages (a statement's "follow" links) can name the handle
without the domain apps importing this interface app.
"""

from django import template

from caucus.federation import actors
from caucus.federation.models import ActorKind

register = template.Library()

KINDS = {
    "coalition": ActorKind.COALITION,
    "organization": ActorKind.ORGANIZATION,
    "campaign": ActorKind.CAMPAIGN,
}


@register.simple_tag
def fediverse_handle(obj) -> str:
    """ "@united@caucus.example" for a public coalition, organization or campaign, else ""."""
    kind = KINDS.get(getattr(getattr(obj, "_meta", None), "model_name", ""))
    if kind is None:
        return ""
    ref = actors.Ref(kind, obj)
    if not actors.is_public(ref):
        return ""
    return f"@{actors.username(ref)}@{actors.site_host()}"
