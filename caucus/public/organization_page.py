"""What an organization's public page lists besides its profile: the statements it published,
those it co-signed, and the actions it hosts (upcoming first), each paged on its own."""

from django.core.paginator import Paginator
from django.http import HttpRequest

from caucus.campaigns.selectors import public_actions_of
from caucus.organizations.models import Organization
from caucus.signatures.selectors import cosigned_by
from caucus.statements.selectors import authored_by, republished_by

PER_PAGE = 10
PAST_ACTIONS = 5


def activity(request: HttpRequest, organization: Organization) -> dict:
    """Three pages, each turned by its own query parameter, so turning one keeps the others."""

    def page(queryset, param: str):
        return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))

    return {
        "authored": page(authored_by(organization), "statements"),
        "cosigned": page(cosigned_by(organization), "cosigned"),
        "republished": page(republished_by(organization), "republished"),
        "upcoming_actions": page(public_actions_of(organization, upcoming=True), "actions"),
        "past_actions": list(public_actions_of(organization, upcoming=False)[:PAST_ACTIONS]),
    }
