"""Template tags for the decisions includes on pages other apps own, and for labels."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caucus.coalitions.permissions import is_coordinator
from caucus.decisions import keys
from caucus.decisions.methods import RULES
from caucus.decisions.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    DecisionSettings,
    Motion,
    MotionState,
    Vote,
)
from caucus.decisions.permissions import may_update_action
from caucus.decisions.vote_forms import CHOICE_LABELS

register = template.Library()


@register.simple_tag
def public_resolutions(coalition) -> list[Motion]:
    """Adopted resolutions, newest first, unless the coalition keeps them unpublished.

    Only reads: the coalition page's view closes due votes first (services.votes.close_due).
    """
    settings_row = DecisionSettings.objects.filter(coalition=coalition).first()
    if settings_row is not None and not settings_row.publish_resolutions:
        return []
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
    """Open votes and the action plan's open actions for the member workspace; each action
    says whether this person may update its status there (a responsible organization's
    member, or a coordinator)."""
    coordinating = is_coordinator(user, coalition)
    actions = (
        ActionItem.objects.filter(coalition=coalition)
        .exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
        .prefetch_related("responsible")[:10]
    )
    mine = set(user.memberships.values_list("organization_id", flat=True))
    return {
        "open_votes": list(
            Vote.objects.filter(motion__coalition=coalition, state="open")
            .select_related("motion__coalition", "motion__meeting")
            .order_by("closes_at")[:10]
        ),
        "actions": [(a, may_update_action(user, a, coordinating, mine=mine)) for a in actions],
        "status_choices": ActionStatus.choices,
    }


@register.filter
def target_kind(item: AgendaItem) -> str:
    if item.motion_id:
        return str(_("Motion"))
    if item.statement_id:
        return str(_("Statement"))
    if item.campaign_id:
        return str(_("Campaign"))
    return ""


@register.filter
def target_url(item: AgendaItem) -> str:
    """Where members read the item's motion, statement (its draft, until public) or campaign."""
    statement = item.statement
    if statement is not None and not statement.is_public:
        return reverse("statements:workspace", args=[statement.slug])
    target = item.target
    return target.get_absolute_url() if target is not None else ""


@register.filter
def rule_label(rule: str) -> str:
    return str(RULES.get(rule, rule))


@register.filter
def choice_label(choice: str) -> str:
    return str(CHOICE_LABELS.get(choice, choice))
