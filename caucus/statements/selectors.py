"""Reads for other pages: the amendments waiting for a person's decision (the dashboard),
and an organization's public statements (its public page)."""

from django.db.models import Q, QuerySet

from caucus.coalitions.models import Coordinator
from caucus.organizations.models import Membership, Role
from caucus.statements.models import (
    Amendment,
    AmendmentState,
    Republication,
    Statement,
    Status,
    Translation,
)


def amendments_to_decide(user, *, limit: int = 20) -> QuerySet[Amendment]:
    """Open amendments to drafts the person may accept or reject, oldest first (one query).

    The same rule as statements.permissions.can_accept_amendments: coordinators for a
    coalition's statement, editors and admins of the authoring organization otherwise.
    """
    coordinating = Coordinator.objects.filter(user=user).values("coalition_id")
    editing = Membership.objects.filter(user=user, role__in=[Role.EDITOR, Role.ADMIN]).values(
        "organization_id"
    )
    return (
        Amendment.objects.filter(
            Q(statement__author_coalition_id__in=coordinating)
            | Q(statement__author_organization_id__in=editing),
            state=AmendmentState.OPEN,
            statement__status__in=[Status.DRAFT, Status.OPEN],
        )
        .select_related("statement__current_version", "organization")
        .order_by("created", "pk")[:limit]
    )


def authored_by(organization) -> QuerySet[Statement]:
    """The organization's public statements (its own and its bodies'), newest first."""
    return (
        Statement.objects.public()
        .filter(author_organization=organization)
        .select_related("published_version", "author_organization", "author_body")
        .order_by("-published_at", "-pk")
    )


def republished_by(organization) -> QuerySet[Republication]:
    """Public statements the organization republished, latest first."""
    return (
        organization.republications.filter(statement__in=Statement.objects.public())
        .select_related("statement__published_version", "statement__author_coalition")
        .select_related("statement__author_organization", "statement__author_body")
        .order_by("-created", "-pk")
    )


def public_translations(statement: Statement) -> list[Translation]:
    """Translations of a published text (never of a later, unpublished draft)."""
    published = statement.published_version.number if statement.published_version else 0
    return [
        t for t in statement.translations.select_related("version") if t.version.number <= published
    ]


def linked_campaigns(statement: Statement) -> list:
    """Campaigns of public coalitions that link the statement, with their targets: whom the
    statement addresses, and where to find an action near you (its page and next steps)."""
    return list(
        statement.campaigns.filter(coalition__is_public=True)
        .prefetch_related("targets")
        .order_by("-starts_on")[:3]
    )
