"""The JSON shapes of the caller in the API."""

from ninja import Schema

from caucus.api.coalitions.schemas import CoalitionSummary
from caucus.api.organizations.schemas import OrganizationRef
from caucus.organizations.models import Role


class MyMembershipOut(Schema):
    organization: OrganizationRef
    role: Role


class MyCoalitionOut(Schema):
    slug: str
    name: str
    coordinating: bool


class PendingCoalitionInvitationOut(Schema):
    coalition: CoalitionSummary
    organization: OrganizationRef


class MeOut(Schema):
    id: int
    name: str
    email: str
    has_mfa: bool
    memberships: list[MyMembershipOut]
    coalitions: list[MyCoalitionOut]
    pending_coalition_invitations: list[PendingCoalitionInvitationOut]
