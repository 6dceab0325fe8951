"""{% signatures_block statement %}: the statement page's signatures, cheap on the hot path.

The public part (count, signatory organizations, the form, the latest names) is the same for
every reader of a language, so it is rendered once per SIGNATURE_BLOCK_CACHE_SECONDS; only a
signed-in person's own organizations' buttons are rendered per request.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from caucus.organizations.models import Membership
from caucus.signatures.cache import block_key
from caucus.signatures.counting import confirmed_count
from caucus.signatures.forms import SignForm
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.signatures.permissions import can_manage
from caucus.signatures.services import SIGNABLE, is_member_organization
from caucus.statements.models import Status

register = template.Library()

LATEST_NAMES = 10


def public_context(statement) -> dict:
    signed = list(
        OrganizationSignature.objects.filter(statement=statement, state=OrgState.SIGNED)
        .select_related("organization", "version")
        .order_by("organization__country", "organization__name")
    )
    for signature in signed:
        signature.outdated = signature.is_outdated(statement)
    published = statement.status in (Status.PUBLISHED, Status.WITHDRAWN)
    return {
        "statement": statement,
        "published": published,
        "count": confirmed_count(statement.pk) if published else 0,
        "initial": [s for s in signed if s.initial],
        "later": [s for s in signed if not s.initial],
        "form": (
            SignForm(auto_id="sign-%s")
            if statement.status == Status.PUBLISHED and statement.open_to_individuals
            else None
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


@register.simple_tag(takes_context=True)
def signatures_block(context, statement) -> str:
    key = block_key(statement, get_language() or "")
    html = cache.get(key)
    if html is None:
        html = render_to_string("signatures/_public_block.html", public_context(statement))
        cache.set(key, html, settings.SIGNATURE_BLOCK_CACHE_SECONDS)
    request = context.get("request")
    if request is not None and request.user.is_authenticated:
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
