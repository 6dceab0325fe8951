"""The JSON shapes the API reads and writes; domain rules stay in forms and services."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from caucus.coalitions.models import MemberListVisibility, MemberStatus
from caucus.organizations.models import Role


def _no_nul(value: str) -> str:
    # Forms refuse NUL characters too; PostgreSQL cannot store them.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
PLATFORM_MAX_CHARS = 50_000  # as the web form


def _absolute(context: Any, url: str) -> str:
    request: HttpRequest | None = (context or {}).get("request")
    return request.build_absolute_uri(url) if request is not None else url


# --- Errors (see caucus/api/errors.py).


class ErrorOut(Schema):
    detail: str
    code: str | None = Field(None, description='"mfa_required" when a second factor is missing.')


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class InvalidOut(Schema):
    detail: list[FieldErrorOut]


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}
# Public writes that may be slowed down: 429 with Retry-After (caucus/lib/ratelimit.py).
THROTTLED: dict[int, Any] = {**ERRORS, 429: ErrorOut}


# --- People and organizations.


class UserOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class OrganizationRef(Schema):
    slug: str
    name: str
    short_name: str
    country: str


class OrganizationOut(Schema):
    name: str
    short_name: str
    slug: str
    country: str
    languages: list[str]
    website: str
    description_html: str
    logo: str | None

    @staticmethod
    def resolve_logo(obj: Any, context: Any) -> str | None:
        return _absolute(context, obj.logo.url) if obj.logo else None


class OrganizationProfileOut(OrganizationOut):
    """The profile as its members edit it: with the Markdown source and the listing flag."""

    description: str
    is_public: bool


class OrganizationPatch(Schema):
    """Only the fields sent change; `null` is refused."""

    name: Text = Field(default=None, max_length=200)
    short_name: Text = Field(default=None, max_length=40)
    slug: Text = Field(default=None, max_length=60)
    country: Text = Field(default=None, max_length=2)
    languages: list[Text] = Field(default=None, max_length=50)
    website: Text = Field(default=None, max_length=200)
    description: Text = Field(default=None, max_length=50_000)
    is_public: bool = Field(default=None)


class BodyOut(Schema):
    name: str
    slug: str
    description: str


class BodyIn(Schema):
    name: Text = Field(max_length=200)
    slug: Text = Field("", max_length=60, description="Made from the name when empty.")
    description: Text = Field("", max_length=10_000)


class MemberOut(Schema):
    id: int
    user: UserOut
    role: Role
    created: datetime


class RoleIn(Schema):
    role: Role


class InvitationIn(Schema):
    email: Text = Field(max_length=254)
    role: Role = Role.DELEGATE


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    state: str
    created: datetime
    expires: datetime


class AuditEntryOut(Schema):
    created: datetime
    actor: str = Field(alias="actor_name")
    action: str
    description: str
    data: dict[str, str]

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return obj.description()


# --- Coalitions.


class CoalitionSummary(Schema):
    name: str
    slug: str
    description_html: str
    created: datetime


class CoalitionSettingsOut(CoalitionSummary):
    description: str
    member_list: MemberListVisibility
    is_public: bool


class PlatformOut(Schema):
    number: int
    points: list[str]
    points_html: list[str]
    created: datetime

    @staticmethod
    def resolve_points_html(obj: Any) -> list[str]:
        return obj.points_html()


class PlatformVersionOut(PlatformOut):
    note: str
    author: str | None

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return str(obj.author) if obj.author is not None else None


class CoalitionMemberOut(Schema):
    organization: OrganizationRef
    joined_at: datetime | None


class CoalitionOut(CoalitionSummary):
    member_list: MemberListVisibility
    platform: PlatformOut | None
    member_count: int
    members: list[CoalitionMemberOut] | None = Field(
        description="Null unless the member list is public or the caller is a member."
    )


class CoalitionMembershipOut(Schema):
    organization: OrganizationRef
    status: MemberStatus
    invited_at: datetime | None
    joined_at: datetime | None
    declined_at: datetime | None
    left_at: datetime | None


class CoalitionIn(Schema):
    organization: Text = Field(max_length=60, description="Slug of the founding organization.")
    name: Text = Field(max_length=200)
    slug: Text = Field(max_length=60)
    description: Text = Field("", max_length=50_000)
    member_list: MemberListVisibility = MemberListVisibility.MEMBERS
    is_public: bool = True


class CoalitionPatch(Schema):
    """Only the fields sent change; `null` is refused."""

    name: Text = Field(default=None, max_length=200)
    slug: Text = Field(default=None, max_length=60)
    description: Text = Field(default=None, max_length=50_000)
    member_list: MemberListVisibility = Field(default=None)
    is_public: bool = Field(default=None)


class InviteOrganizationIn(Schema):
    organization: Text = Field(max_length=60, description="Slug of the organization.")


class AnswerIn(Schema):
    answer: Literal["accept", "decline"]


class PlatformIn(Schema):
    points: list[Text] = Field(max_length=100, description="Markdown, in order.")
    note: Text = Field("", max_length=300)

    @field_validator("points")
    @classmethod
    def _not_too_long(cls, points: list[str]) -> list[str]:
        if sum(len(point) for point in points) > PLATFORM_MAX_CHARS:
            raise ValueError(f"The points may have at most {PLATFORM_MAX_CHARS} characters.")
        return points


class CoordinatorOut(Schema):
    id: int
    user: UserOut
    created: datetime


class CoordinatorIn(Schema):
    user: int = Field(ge=1, le=2**63 - 1, description="Id of a person from /candidates.")


# --- The caller.


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
