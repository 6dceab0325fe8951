"""Template tags for pages outside this app that show cases (the coalition's public page)."""

from django import template

from caucus.coalitions.permissions import is_coordinator
from caucus.solidarity.models import Case, upcoming_hearings
from caucus.solidarity.permissions import editable_organizations

register = template.Library()


@register.simple_tag
def coalition_public_cases(coalition) -> list[Case]:
    """The coalition's public cases with their status, by country and name (one query)."""
    return list(
        Case.objects.public().filter(coalition=coalition).order_by("country", "display_name")
    )


@register.filter
def may_open_cases(user, coalition) -> bool:
    """Whether the cases workspace of `coalition` would let `user` in (for its links)."""
    return is_coordinator(user, coalition) or editable_organizations(user, coalition).exists()


@register.simple_tag
def coalition_upcoming_hearings(coalition, limit: int = 20) -> list:
    """Future hearings of the coalition's public cases, soonest first (for calendars)."""
    return list(upcoming_hearings(coalition)[:limit])
