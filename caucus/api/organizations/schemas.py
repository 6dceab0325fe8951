"""The JSON shapes of organizations and their people in the API; the rules stay in
caucus/organizations' forms and services."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from caucus.api.schemas import Country, In, Language, Slug, Text, required_text
from caucus.lib.urls import absolute_url
from caucus.organizations.models import Role


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
    def resolve_logo(obj: Any) -> str | None:
        return absolute_url(obj.logo.url) if obj.logo else None


class OrganizationProfileOut(OrganizationOut):
    """The profile as its members edit it: with the Markdown source and the listing flag."""

    description: str
    is_public: bool


class OrganizationPatch(In):
    """Only the fields sent change; `null` is refused."""

    name: required_text(200) = Field(default=None)
    short_name: Text = Field(default=None, max_length=40)
    slug: Slug = Field(default=None)
    country: Country = Field(default=None)
    languages: list[Language] = Field(default=None, max_length=50)
    website: Text = Field(default=None, max_length=200)
    description: Text = Field(default=None, max_length=50_000)
    is_public: bool = Field(default=None)


class BodyOut(Schema):
    name: str
    slug: str
    description: str


class BodyIn(In):
    name: Text = Field(max_length=200)
    slug: Text = Field("", max_length=60, description="Made from the name when empty.")
    description: Text = Field("", max_length=10_000)


class MemberOut(Schema):
    id: int
    user: UserOut
    role: Role
    created: datetime


class RoleIn(In):
    role: Role


class InvitationIn(In):
    email: Text = Field(max_length=254)
    role: Role = Role.DELEGATE


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    state: str
    created: datetime
    expires: datetime
