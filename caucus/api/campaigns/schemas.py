"""The JSON shapes of the campaigns API (caucus/api/campaigns/): a campaign, what it reads and
writes; events, RSVPs and hosts' proposals are in event_schemas.py.
"""

import datetime as dt
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema

from caucus.api.schemas import Country, In, Slug, Text, choice, required_text
from caucus.campaigns.forms import statement_label
from caucus.campaigns.models import Campaign, CampaignStatus, Registration, TargetKind
from caucus.campaigns.selectors import map_context, public_statements
from caucus.lib.urls import absolute_url

# --- Shapes.


class DayOut(Schema):
    id: int
    date: dt.date
    name: str
    hashtag: str


class TargetOut(Schema):
    name: str
    kind: str
    country: str


class CampaignOut(Schema):
    slug: str
    title: str
    summary: str
    coalition: str = Field(alias="coalition.slug")
    starts_on: dt.date
    ends_on: dt.date
    hashtag: str
    status: str
    registration: str
    url: str
    calendar: str

    @staticmethod
    def resolve_url(obj: Campaign) -> str:
        return absolute_url(obj.get_absolute_url())

    @staticmethod
    def resolve_calendar(obj: Campaign) -> str:
        return absolute_url(reverse("campaigns:campaign_ics", args=[obj.slug]))


class CountsOut(Schema):
    events: int
    countries: int
    cities: int
    organizations: int


class CountryCountOut(Schema):
    code: str
    name: str
    count: int
    cities: int


class StatementRef(Schema):
    slug: str
    title: str
    url: str


class CampaignDetailOut(CampaignOut):
    description: str
    description_html: str
    days: list[DayOut]
    demands: list[str]
    targets: list[TargetOut]
    statements: list[StatementRef]
    counts: CountsOut
    countries: list[CountryCountOut]

    @staticmethod
    def resolve_statements(obj: Campaign) -> list[dict]:
        return [
            {
                "slug": s.slug,
                "title": statement_label(s),
                "url": absolute_url(s.get_absolute_url()),
            }
            for s in public_statements(obj)
        ]

    @staticmethod
    def _aggregates(obj: Campaign) -> dict:
        if not hasattr(obj, "_map"):
            obj._map = map_context(obj)
        return obj._map

    @staticmethod
    def resolve_days(obj: Campaign) -> list:
        return list(obj.days.all())

    @staticmethod
    def resolve_demands(obj: Campaign) -> list[str]:
        return [d.text for d in obj.demands.all()]

    @staticmethod
    def resolve_targets(obj: Campaign) -> list:
        return list(obj.targets.all())

    @staticmethod
    def resolve_counts(obj: Campaign) -> dict:
        return CampaignDetailOut._aggregates(obj)["counts"]

    @staticmethod
    def resolve_countries(obj: Campaign) -> list[dict]:
        return CampaignDetailOut._aggregates(obj)["map_table"]


class DayIn(In):
    date: dt.date
    name: Text = Field(max_length=200)
    hashtag: Text = Field("", max_length=60)


class TargetIn(In):
    name: required_text(200)
    kind: choice("TargetKind", TargetKind.values)
    country: Country | Literal[""] = ""


class CampaignIn(In):
    title: required_text(200)
    slug: Slug
    summary: Text = Field("", max_length=300)
    description: Text = ""
    starts_on: dt.date
    ends_on: dt.date
    hashtag: Text = Field("", max_length=60)
    status: choice("CampaignStatus", CampaignStatus.values) = "planned"
    registration: choice("Registration", Registration.values) = "members"
    days: list[DayIn] = []
    demands: list[Annotated[Text, Field(max_length=500)]] = Field(
        [], description="Blank ones are dropped."
    )
    targets: list[TargetIn] = []
    statements: list[Slug] = Field(
        [], description="Slugs of published statements of the coalition or its members."
    )


class CampaignReplace(CampaignIn):
    """A PUT replaces the whole campaign, so every field is required: a client that leaves
    out the days, demands or targets gets a 422 naming them instead of losing them."""

    summary: Text = Field(max_length=300)
    description: Text
    hashtag: Text = Field(max_length=60)
    status: choice("CampaignStatus", CampaignStatus.values)
    registration: choice("Registration", Registration.values)
    days: list[DayIn]
    demands: list[Annotated[Text, Field(max_length=500)]]
    targets: list[TargetIn]
    statements: list[Slug] = Field(
        description="Slugs of published statements of the coalition or its members."
    )


class CampaignPatch(In):
    """Only the fields sent change; `null` is refused. A list sent replaces that list."""

    title: required_text(200) = Field(default=None)
    slug: Slug = Field(default=None)
    summary: Text = Field(default=None, max_length=300)
    description: Text = Field(default=None)
    starts_on: dt.date = Field(default=None)
    ends_on: dt.date = Field(default=None)
    hashtag: Text = Field(default=None, max_length=60)
    status: choice("CampaignStatus", CampaignStatus.values) = Field(default=None)
    registration: choice("Registration", Registration.values) = Field(default=None)
    days: list[DayIn] = Field(default=None)
    demands: list[Annotated[Text, Field(max_length=500)]] = Field(default=None)
    targets: list[TargetIn] = Field(default=None)
    statements: list[Slug] = Field(default=None)


class AcceptedOut(Schema):
    detail: str
