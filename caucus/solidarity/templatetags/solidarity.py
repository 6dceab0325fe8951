"""Template tags for pages outside this app that show cases (the coalition's public page)."""

from django import template

from caucus.solidarity.models import Case

register = template.Library()


@register.simple_tag
def coalition_public_cases(coalition) -> list[Case]:
    """The coalition's public cases with their status, by country and name (one query)."""
    return list(
        Case.objects.public().filter(coalition=coalition).order_by("country", "display_name")
    )
