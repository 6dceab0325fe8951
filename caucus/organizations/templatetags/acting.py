"""Whether the signed-in person may act for an organization on this page, for templates
whose view does not say: the second factor that organizations.permissions asks of anyone who
acts. A page shows an action only to those it will not refuse, and tells the others how to
get there (issue 14)."""

from django import template

from caucus.accounts.mfa import has_mfa, needs_confirmation
from caucus.organizations.models import Membership, Organization, Role
from caucus.organizations.permissions import may_act

register = template.Library()


@register.filter
def acts(user) -> bool:
    """`{% if request.user|acts %}`: signed in with a second factor (require_mfa's rule)."""
    return has_mfa(user)


@register.simple_tag(takes_context=True)
def acts_for(context, organization: Organization, role: str = Role.DELEGATE) -> bool:
    """`{% acts_for organization "editor" as can %}`: get_membership_for_user would let the
    signed-in person act for `organization` with `role` (membership, role, second factor)."""
    user = context["request"].user
    if not user.is_authenticated:
        return False
    membership = Membership.objects.filter(organization=organization, user=user).first()
    return may_act(user, membership, role)


@register.inclusion_tag("organizations/_second_factor.html", takes_context=True)
def second_factor_notice(context) -> dict:
    """In place of actions hidden for want of a second factor: how to set one up, or to give
    it when the session was opened without it."""
    request = context["request"]
    return {"request": request, "confirm": needs_confirmation(request.user)}
