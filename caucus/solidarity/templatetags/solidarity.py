"""Template tags for pages outside this app that show cases (the coalition's public page)."""

from django import template

from caucus.solidarity.models import Case, upcoming_hearings
from caucus.solidarity.permissions import may_open_cases

register = template.Library()


@register.simple_tag
def coalition_public_cases(coalition) -> list[Case]:
    """The coalition's public cases with their status, by country and name (one query)."""
    return list(
        Case.objects.public().filter(coalition=coalition).order_by("country", "display_name")
    )


# Whether the cases workspace of a coalition would let the user in (for links to it).
register.filter("may_open_cases", may_open_cases)


@register.simple_tag
def coalition_upcoming_hearings(coalition, limit: int = 20) -> list:
    """Future hearings of the coalition's public cases, soonest first (for calendars)."""
    return list(upcoming_hearings(coalition)[:limit])
