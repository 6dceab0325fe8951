"""Reads of organization signatures for other pages: what waits for a person's organizations
(the dashboard) and who has signed which version (the co-signing tracker of a statement)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet

from caucus.coalitions.models import CoalitionMembership
from caucus.organizations.models import Membership, Organization
from caucus.signatures.models import OrganizationSignature, OrgState, SigningReminder
from caucus.statements.models import Statement, Status

# Signatures of a published statement for another version than the published one.
OUTDATED = Q(state=OrgState.SIGNED, statement__status=Status.PUBLISHED) & ~Q(
    version_id=F("statement__published_version_id")
)


@dataclass
class AwaitingSignature:
    statement: Statement
    organization: Organization
    signature: OrganizationSignature | None  # a withdrawn one, or one of an older version
    reconfirm: bool  # signed an older version than the one published now


def awaiting_signature(user) -> list[AwaitingSignature]:
    """Statements open for the signature of one of the person's organizations that it has
    not signed yet, then published statements it signed in an older version (four queries).

    Every role may sign for its organization (signatures.permissions: delegate or higher).
    """
    organizations = {
        m.organization_id: m.organization
        for m in Membership.objects.filter(user=user).select_related("organization")
    }
    if not organizations:
        return []
    coalition_members: dict[int, list[int]] = {}
    for coalition_id, org_id in (
        CoalitionMembership.objects.active()
        .filter(organization_id__in=organizations)
        .values_list("coalition_id", "organization_id")
    ):
        coalition_members.setdefault(coalition_id, []).append(org_id)
    statements = list(
        Statement.objects.filter(status=Status.OPEN)
        .filter(
            Q(author_coalition_id__in=coalition_members)
            | Q(author_organization_id__in=organizations)
        )
        .select_related("current_version", "author_coalition", "author_organization")
        .order_by("created", "pk")
    )
    signatures = {
        (s.statement_id, s.organization_id): s
        for s in OrganizationSignature.objects.filter(
            Q(statement__in=statements) | OUTDATED,
            organization_id__in=organizations,
        ).select_related("statement__published_version", "statement__author_coalition", "version")
    }
    items = []
    for statement in statements:
        signers = coalition_members.get(statement.author_coalition_id, [])
        if statement.author_organization_id in organizations:
            signers = [statement.author_organization_id]
        for org_id in signers:
            signature = signatures.get((statement.pk, org_id))
            if signature is None or signature.state in (OrgState.WITHDRAWN, OrgState.DECLINED):
                items.append(AwaitingSignature(statement, organizations[org_id], signature, False))
    for signature in signatures.values():
        if signature.statement.status == Status.PUBLISHED:  # matched OUTDATED
            org = organizations[signature.organization_id]
            items.append(AwaitingSignature(signature.statement, org, signature, True))
    return items


@dataclass
class TrackerRow:
    organization: Organization
    member: bool  # signs directly (a member organization), or asked to co-sign
    signature: OrganizationSignature | None
    state: str  # "signed", "outdated", "requested", "declined", "withdrawn" or "missing"
    reminded_at: datetime | None

    @property
    def waiting(self) -> bool:
        """Has not signed the text organizations sign now: a reminder makes sense."""
        return self.member and self.state in ("missing", "withdrawn", "outdated")


def member_organizations(statement: Statement) -> list[Organization]:
    """The organizations that sign a statement directly (signatures.services)."""
    if statement.author_coalition_id:
        return [
            m.organization
            for m in CoalitionMembership.objects.active()
            .filter(coalition_id=statement.author_coalition_id)
            .select_related("organization")
            .order_by("organization__name")
        ]
    return [statement.author_organization]


def cosigning_tracker(statement: Statement) -> list[TrackerRow]:
    """Each member organization with its signature (which version, when, by whom), then any
    other organization that signed or asked to; waiting organizations first (three queries)."""
    target = statement.published_version_id or statement.current_version_id
    signatures = {
        s.organization_id: s
        for s in OrganizationSignature.objects.filter(statement=statement).select_related(
            "organization", "version", "signed_by"
        )
    }
    reminded: dict[int, datetime] = {}
    for org_id, created in (
        SigningReminder.objects.filter(statement=statement)
        .order_by("created")
        .values_list("organization_id", "created")
    ):
        reminded[org_id] = created
    members = member_organizations(statement)
    rows = [_row(org, True, signatures.pop(org.pk, None), target, reminded) for org in members]
    rows += [
        _row(s.organization, False, s, target, reminded)
        for s in sorted(signatures.values(), key=lambda s: s.organization.name)
    ]
    return sorted(rows, key=lambda row: not row.waiting)


def _row(organization, member, signature, target, reminded) -> TrackerRow:
    if signature is None:
        state = "missing"
    elif signature.state == OrgState.SIGNED:
        state = "signed" if signature.version_id == target else "outdated"
    else:
        state = signature.state
    return TrackerRow(organization, member, signature, state, reminded.get(organization.pk))


def signed_current_count(rows: list[TrackerRow]) -> tuple[int, int]:
    """(member organizations that signed the current text, member organizations)."""
    members = [row for row in rows if row.member]
    return sum(row.state == "signed" for row in members), len(members)


def cosigned_by(organization) -> QuerySet[OrganizationSignature]:
    """Published statements by others that the organization signed, latest first (for its
    public page: the same signatures the statement pages list)."""
    return (
        OrganizationSignature.objects.filter(
            organization=organization,
            state=OrgState.SIGNED,
            statement__in=Statement.objects.public().filter(status=Status.PUBLISHED),
        )
        .exclude(statement__author_organization=organization)
        .select_related(
            "statement__published_version",
            "statement__author_coalition",
            "statement__author_organization",
            "statement__author_body",
            "version",
        )
        .order_by("-statement__published_at", "-pk")
    )
