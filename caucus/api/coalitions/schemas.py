"""The JSON shapes of coalitions in the API; the rules stay in caucus/coalitions' forms and
services."""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from caucus.api.organizations.schemas import OrganizationRef, UserOut
from caucus.api.schemas import NOT_BLANK_TEXT, In, Slug, Text, required_text
from caucus.coalitions.models import MemberListVisibility, MemberStatus

PLATFORM_MAX_CHARS = 50_000  # as the web form


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


class CoalitionIn(In):
    organization: required_text(60) = Field(description="Slug of the founding organization.")
    name: required_text(200)
    slug: Slug
    description: Text = Field("", max_length=50_000)
    member_list: MemberListVisibility = MemberListVisibility.MEMBERS
    is_public: bool = True


class CoalitionPatch(In):
    """Only the fields sent change; `null` is refused."""

    name: required_text(200) = Field(default=None)
    slug: Slug = Field(default=None)
    description: Text = Field(default=None, max_length=50_000)
    member_list: MemberListVisibility = Field(default=None)
    is_public: bool = Field(default=None)


class InviteOrganizationIn(In):
    organization: required_text(60) = Field(description="Slug of the organization.")


class AnswerIn(In):
    answer: Literal["accept", "decline"]


class PlatformIn(In):
    points: list[Text] = Field(
        max_length=100,
        description="Markdown, in order; blank points are dropped, and one must remain.",
        # Declared only: the service says "The platform needs at least one point" itself.
        json_schema_extra={
            "minItems": 1,
            "contains": {"type": "string", "pattern": NOT_BLANK_TEXT},
        },
    )
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


class CoordinatorIn(In):
    user: int = Field(ge=1, le=2**63 - 1, description="Id of a person from /candidates.")
