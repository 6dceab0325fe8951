"""{% signatures_block statement part %}: the statement page's signatures, cheap on the hot path.

The public parts are the same for every reader of a language, so they are rendered together
once per SIGNATURE_BLOCK_CACHE_SECONDS: "panel" (the count, goal, momentum, closing time and
the form) and "list" (the signatory organizations and the latest names). Only a signed-in
person's own organizations' buttons are rendered per request, after the list.
"""

from datetime import UTC
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from caucus.lib import dates
from caucus.lib.zones import get_zone
from caucus.organizations.models import Membership
from caucus.signatures.cache import block_key
from caucus.signatures.counting import confirmed_counts
from caucus.signatures.forms import SignForm
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.permissions import can_manage
from caucus.signatures.services import SIGNABLE, is_member_organization
from caucus.statements.models import Status

register = template.Library()

LATEST_NAMES = 10


def organizations_in_countries(signatures: list) -> str:
    """ "11 organizations in 8 countries": each number with its own plural form."""
    countries = len({s.organization.country for s in signatures})
    organizations = ngettext("%(n)s organization", "%(n)s organizations", len(signatures)) % {
        "n": len(signatures)
    }
    # Translators: %(organizations)s is "11 organizations" (translated apart, with its own
    # plural); the sentence reads "11 organizations in 8 countries".
    return ngettext(
        "%(organizations)s in %(n)s country",
        "%(organizations)s in %(n)s countries",
        countries,
    ) % {"organizations": organizations, "n": countries}


def _progress(count: int, goal: int | None) -> dict | None:
    if not goal:
        return None
    return {"goal": goal, "percent": min(100, count * 100 // goal), "reached": count >= goal}


def _deadline(statement) -> dict | None:
    """The closing time as the coalition set it: in its zone, in the reader's date format."""
    if statement.signing_deadline is None:
        return None
    zone = get_zone(statement.signing_deadline_zone) or ZoneInfo("UTC")
    local = statement.signing_deadline.astimezone(zone)
    return {
        "text": dates.format_datetime(local, zone),
        # The instant in UTC, as every <time datetime> gives it (issue 14).
        "iso": statement.signing_deadline.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "zone": dates.city(zone.key),  # "Buenos Aires" time
    }


def public_context(statement) -> dict:
    signed = list(
        OrganizationSignature.objects.filter(statement=statement, state=OrgState.SIGNED)
        .select_related("organization", "version")
        .order_by("organization__country", "organization__name")
    )
    for signature in signed:
        signature.outdated = signature.is_outdated(statement)
    published = statement.status in (Status.PUBLISHED, Status.WITHDRAWN)
    counts = confirmed_counts(statement.pk, statement.signing_deadline_zone) if published else None
    count = counts.total if counts else 0
    initial = [s for s in signed if s.initial]
    later = [s for s in signed if not s.initial]
    open_to_people = statement.status == Status.PUBLISHED and statement.open_to_individuals
    return {
        "statement": statement,
        "published": published,
        "count": count,
        "today": counts.today if counts else 0,
        "progress": _progress(count, statement.signature_goal) if published else None,
        "closed": open_to_people and statement.signing_closed,
        "deadline": _deadline(statement),
        "initial": initial,
        "initial_summary": organizations_in_countries(initial) if initial else "",
        "later": later,
        "later_summary": organizations_in_countries(later) if later else "",
        "form": (
            SignForm(auto_id="sign-%s") if open_to_people and not statement.signing_closed else None
        ),
        "names": list(
            Signature.objects.filter(statement=statement, state=State.CONFIRMED, show_name=True)
            .only("id", "name", "city", "country")
            .order_by("-id")[:LATEST_NAMES]
        )
        if published
        else [],
    }


def person_context(statement, request) -> dict:
    """The signed-in person's organizations and what each can do with this statement."""
    memberships = Membership.objects.filter(user=request.user).select_related("organization")
    signatures = {
        s.organization_id: s
        for s in OrganizationSignature.objects.filter(
            statement=statement, organization__memberships__user=request.user
        ).select_related("version")
    }
    rows = []
    if statement.status in SIGNABLE:
        for membership in memberships:
            org = membership.organization
            member = is_member_organization(statement, org)
            if statement.status == Status.OPEN and not member:
                continue
            signature = signatures.get(org.pk)
            rows.append(
                {
                    "organization": org,
                    "member": member,
                    "signature": signature,
                    "outdated": signature is not None and signature.is_outdated(statement),
                    "can_sign": signature is None
                    or signature.state in (OrgState.WITHDRAWN, OrgState.DECLINED),
                }
            )
    return {"statement": statement, "rows": rows, "can_manage": can_manage(request.user, statement)}


PARTS = {
    "panel": "signatures/_panel.html",
    "list": "signatures/_public_block.html",
    "print": "signatures/_print.html",
}


def _public_parts(statement, request=None) -> dict[str, str]:
    """The rendered parts, from the cache; kept on the request too, since a page shows two of
    them and must not read the cache (or render, when it is off) once for each."""
    key = block_key(statement, get_language() or "")
    memo = getattr(request, "_signature_parts", {}) if request is not None else {}
    parts = memo.get(key) or cache.get(key)
    if parts is None:
        ctx = public_context(statement)
        parts = {part: render_to_string(name, ctx) for part, name in PARTS.items()}
        cache.set(key, parts, settings.SIGNATURE_BLOCK_CACHE_SECONDS)
    if request is not None:
        request._signature_parts = {key: parts}
    return parts


@register.simple_tag(takes_context=True)
def signatures_block(context, statement, part: str = "") -> str:
    """One part ("panel", "list", "print") of the public block, or the panel and the list."""
    parts = _public_parts(statement, context.get("request"))
    html = parts[part] if part else parts["panel"] + parts["list"]
    request = context.get("request")
    if part in ("", "list") and request is not None and request.user.is_authenticated:
        html += render_to_string(
            "signatures/_org_actions.html", person_context(statement, request), request=request
        )
    return mark_safe(html)  # noqa: S308 — rendered by our own auto-escaping templates


@register.inclusion_tag("signatures/_tracker.html", takes_context=True)
def cosigning_tracker(context, statement, *, title_level: int = 2) -> dict:
    """Who has signed which version, who has not, and the reminder buttons for those who
    manage the statement's signatures (the workspace and the publish confirmation)."""
    from caucus.accounts.mfa import has_mfa
    from caucus.signatures.reminders import REMINDER_INTERVAL
    from caucus.signatures.selectors import cosigning_tracker as rows_of
    from caucus.signatures.selectors import signed_current_count

    request = context["request"]
    rows = rows_of(statement)
    signed, members = signed_current_count(rows)
    version = statement.published_version or statement.current_version
    return {
        "request": request,
        "statement": statement,
        "version": version,
        "rows": rows,
        "signed": signed,
        "members": members,
        "waiting": [row for row in rows if row.waiting],
        "signable": statement.status in SIGNABLE,
        "can_remind": statement.status in SIGNABLE
        and can_manage(request.user, statement)
        and has_mfa(request.user),
        "interval_hours": int(REMINDER_INTERVAL.total_seconds() // 3600),
        "heading": f"h{title_level}",
    }


@register.simple_tag(takes_context=True)
def org_signing(context, statement) -> str:
    """The person's own organizations' sign / re-confirm / withdraw buttons, on a page other
    than the statement's public one (the drafting workspace)."""
    request = context["request"]
    return render_to_string(
        "signatures/_org_actions.html", person_context(statement, request), request=request
    )
