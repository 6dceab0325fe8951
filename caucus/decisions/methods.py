"""Voting methods: rules that stack, and the tally that applies them.

Weights are integers, so every comparison is exact (no floating point near a threshold).
"Votes cast" are for + against + block; abstentions count towards the quorum only.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

CHOICES = ("for", "against", "abstain", "block")

RULES = {
    "simple": _("Simple majority of votes cast"),
    "absolute": _("Absolute majority of the active member organizations"),
    "two_thirds": _("Two thirds of votes cast"),
    "consensus": _("Consensus: no block, quorum met"),
    "threshold": _("Threshold share of the eligible organizations"),
}


def options_for(rules: Iterable[str]) -> list[str]:
    """Block is offered only when consensus is one of the rules."""
    return list(CHOICES) if "consensus" in rules else list(CHOICES[:3])


def rule_passes(rule: str, counts: dict, *, eligible_weight: int, threshold: int | None) -> bool:
    cast = counts["for"] + counts["against"] + counts["block"]
    yes = counts["for"]
    if rule == "simple":
        return 2 * yes > cast
    if rule == "absolute":
        return 2 * yes > eligible_weight
    if rule == "two_thirds":
        return cast > 0 and 3 * yes >= 2 * cast
    if rule == "consensus":
        return counts["block"] == 0
    if rule == "threshold":
        return 100 * yes >= (threshold or 0) * eligible_weight
    raise ValueError(f"unknown rule {rule!r}")


def tally(manifest: dict, last_ballots: dict[str, str]) -> dict:
    """The result of a vote from its manifest and the last ballot of each organization.

    1. weigh each organization's last choice;
    2. quorum: the share of eligible organizations (by number) that cast any ballot;
    3. every rule must pass, quorum must be met, and at least one "for" is needed.
    """
    weights = {row["org"]: row["weight"] for row in manifest["eligible"]}
    counts = dict.fromkeys(CHOICES, 0)
    for org, choice in last_ballots.items():
        counts[choice] += weights[org]
    eligible_weight = sum(weights.values())
    participating = len(last_ballots)
    quorum_met = 100 * participating >= manifest["quorum_percent"] * len(weights)
    rules = {
        rule: rule_passes(
            rule, counts, eligible_weight=eligible_weight, threshold=manifest["threshold_percent"]
        )
        for rule in manifest["rules"]
    }
    adopted = quorum_met and counts["for"] > 0 and all(rules.values())
    return {
        "counts": counts,
        "eligible": len(weights),
        "eligible_weight": eligible_weight,
        "participating": participating,
        "quorum_met": quorum_met,
        "rules": rules,
        "outcome": "adopted" if adopted else "rejected",
    }
