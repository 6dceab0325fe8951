"""Template tags for the decisions includes on pages other apps own, and for labels."""

from django import template
from django.utils import timezone

from caucus.decisions import keys
from caucus.decisions.forms import CHOICE_LABELS
from caucus.decisions.methods import RULES
from caucus.decisions.models import ActionItem, DecisionSettings, Motion, MotionState, Vote

register = template.Library()


@register.simple_tag
def public_resolutions(coalition) -> list[Motion]:
    """Adopted resolutions, newest first, unless the coalition keeps them unpublished.

    Votes past their closing time are closed first (close-on-read), so a result is never
    missing from the public page just because no worker ran.
    """
    settings_row = DecisionSettings.objects.filter(coalition=coalition).first()
    if settings_row is not None and not settings_row.publish_resolutions:
        return []
    from caucus.decisions.services import close_if_due

    for vote in Vote.objects.filter(
        motion__coalition=coalition, state="open", closes_at__lte=timezone.now()
    ):
        close_if_due(vote)
    return list(
        Motion.objects.filter(coalition=coalition, state=MotionState.ADOPTED)
        .select_related("proposer")
        .order_by("-resolution_year", "-resolution_number")
    )


@register.simple_tag
def ledger_public_key() -> str:
    return keys.public_key_hex()


@register.simple_tag
def decisions_summary(coalition, user) -> dict:
    return {
        "open_votes": list(
            Vote.objects.filter(motion__coalition=coalition, state="open")
            .select_related("motion__coalition")
            .order_by("closes_at")[:10]
        ),
        "actions": list(
            ActionItem.objects.filter(coalition=coalition).exclude(status__in=["done", "dropped"])[
                :10
            ]
        ),
    }


@register.filter
def rule_label(rule: str) -> str:
    return str(RULES.get(rule, rule))


@register.filter
def choice_label(choice: str) -> str:
    return str(CHOICE_LABELS.get(choice, choice))
