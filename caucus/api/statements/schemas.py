"""The JSON shapes of statements in the API; the rules stay in caucus/statements' forms and
services. Text fields refuse NUL characters (schemas.Text); lengths follow the web forms."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from caucus.api.schemas import (
    Fold,
    In,
    Language,
    LocalDateTimeOrBlank,
    Text,
    TimeZone,
    choice,
    required_text,
)
from caucus.statements.forms import MAX_GOAL
from caucus.statements.models import Amendment, AmendmentKind, Republication, Statement, Translation
from caucus.translations.models import TranslationKind

Kind = choice("TranslationKind", TranslationKind.values)

# Version, amendment and request numbers are bounded so that no lookup overflows an integer.
MAX_NUMBER = 2**31 - 1


class StatementOut(Schema):
    slug: str
    title: str
    status: str
    author: str
    language: str
    dateline_date: dt.date
    dateline_place: str
    teaser: str
    topics: list[str]
    regions: list[str]
    published_at: dt.datetime | None
    version: int
    url: str
    signature_goal: int | None
    signing_deadline: dt.datetime | None = Field(description="In UTC; none: no closing time.")
    signing_deadline_zone: str = Field(description="The zone the closing time was set in.")
    signing_closed: bool = Field(description="The closing time has passed: no new signature.")

    @staticmethod
    def resolve_title(obj: Statement) -> str:
        return (obj.reference_version or obj.current_version).title

    @staticmethod
    def resolve_author(obj: Statement) -> str:
        return obj.author_name

    @staticmethod
    def resolve_version(obj: Statement) -> int:
        return obj.reference_version.number

    @staticmethod
    def resolve_url(obj: Statement) -> str:
        return obj.get_absolute_url()


class StatementDetailOut(StatementOut):
    body: str
    sha256: str
    translations: list[str]

    @staticmethod
    def resolve_body(obj: Statement) -> str:
        return obj.reference_version.body

    @staticmethod
    def resolve_sha256(obj: Statement) -> str:
        return obj.reference_version.sha256

    @staticmethod
    def resolve_translations(obj: Statement) -> list[str]:
        return [t.language for t in obj.translations.all()]


class StatementIn(In):
    """A new draft; its text becomes version 1."""

    title: required_text(300)
    body: required_text(100_000)
    language: Language
    dateline_date: dt.date | None = Field(None, description="Today when not given.")
    dateline_place: Text = Field("", max_length=120)
    teaser: Text = Field("", max_length=300)
    topics: list[Text] = Field(default_factory=list, max_length=50)
    regions: list[Text] = Field(default_factory=list, max_length=50)
    author: Text = Field(
        "org",
        max_length=20,
        description='For an organization: "org" (the default), or the id of one of its bodies.',
    )


class StatementPatch(In):
    """The details of a statement; only the fields sent change, `null` is refused except to
    remove the goal or the closing time."""

    language: Language = Field(default=None)
    dateline_date: dt.date = Field(default=None)
    dateline_place: Text = Field(default=None, max_length=120)
    teaser: Text = Field(default=None, max_length=300)
    topics: list[Text] = Field(default=None, max_length=50)
    regions: list[Text] = Field(default=None, max_length=50)
    signature_goal: int | None = Field(
        default=None, ge=1, le=MAX_GOAL, description="Shown with a progress bar; `null` removes it."
    )
    signing_deadline: LocalDateTimeOrBlank | None = Field(
        default=None,
        description="When signing closes, on the clock of `signing_deadline_zone`, e.g. "
        "2026-12-31T23:59; in the future. `null` removes it.",
    )
    signing_deadline_fold: Fold = Field(
        default=None,
        description='Which of two repeated local times is meant: "0" the first, "1" the second.',
    )
    signing_deadline_zone: TimeZone = Field(default=None, description="IANA zone.")


class VersionOut(Schema):
    number: int
    title: str
    body: str
    sha256: str
    note: str
    created: dt.datetime


class VersionIn(In):
    title: required_text(300)
    body: required_text(100_000)
    note: Text = Field("", max_length=300)
    base: int = Field(ge=1, le=MAX_NUMBER, description="The version the text was edited from.")


class ChunkOut(Schema):
    op: Literal["equal", "insert", "delete"]
    text: str


class DiffOut(Schema):
    old: int
    new: int
    added: int
    removed: int
    # Objects, not [op, text] pairs: tuples become `prefixItems`, which code generators and
    # schemathesis mishandle (review F9).
    chunks: list[ChunkOut]


class AmendmentOut(Schema):
    number: int
    version: int
    kind: str
    passage: str
    replacement: str
    reason: str
    state: str
    reply: str
    stale: bool

    @staticmethod
    def resolve_version(obj: Amendment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_stale(obj: Amendment) -> bool:
        return obj.is_stale


class AmendmentDetailOut(AmendmentOut):
    rebasable: bool = Field(
        description="Stale, and its passage occurs once in the current version: it can be moved."
    )
    result_version: int | None

    @staticmethod
    def resolve_rebasable(obj: Amendment) -> bool:
        return obj.is_stale and obj.apply_to(obj.statement.current_version.body) is not None

    @staticmethod
    def resolve_result_version(obj: Amendment) -> int | None:
        return obj.result_version.number if obj.result_version_id else None


class AmendmentIn(In):
    kind: choice("AmendmentKind", AmendmentKind.values)
    passage: required_text(5000) = Field(description="Quoted as it reads in the current text.")
    replacement: Text = Field("", max_length=5000)
    reason: required_text(2000)


class RejectIn(In):
    reply: required_text(2000)


class TranslationOut(Schema):
    language: str
    title: str
    teaser: str
    body: str
    translator: str
    kind: str
    reviewed: bool
    version: int
    stale: bool
    updated: dt.datetime

    @staticmethod
    def resolve_version(obj: Translation) -> int:
        return obj.version.number

    @staticmethod
    def resolve_stale(obj: Translation) -> bool:
        return obj.is_stale


class TranslationIn(In):
    title: required_text(300)
    body: required_text(100_000)
    teaser: Text = Field("", max_length=300)
    translator: Text = Field("", max_length=200)
    kind: Kind = "human"
    reviewed: bool = False


class PublishIn(In):
    published_at: LocalDateTimeOrBlank = Field(
        "", description="Local time in `zone`, e.g. 2026-05-01T09:00; empty: now."
    )
    published_at_fold: Fold = Field(
        "",
        description='Which of two repeated local times is meant: "0" the first, "1" the second.',
    )
    zone: TimeZone | Literal[""] = Field("UTC", description='"" is UTC.')


class WithdrawIn(In):
    reason: required_text(2000)


class RepublicationOut(Schema):
    organization: str = Field(alias="organization.slug")
    name: str = Field(alias="organization.name")
    note: str
    created: dt.datetime
    url: str

    @staticmethod
    def resolve_url(obj: Republication) -> str:
        return obj.get_absolute_url()


class RepublishIn(In):
    organization: Text = Field(max_length=60, description="The slug of your organization.")
    note: Text = Field("", max_length=300)


class FeedOut(Schema):
    type: str
    url: str


class EmbedOut(Schema):
    statement: str
    count: int = Field(description="Confirmed individual signatures.")
    html: str = Field(description="A link card to paste into a page: no frame, no script.")
    counter_html: str = Field(description="An optional iframe with the live count.")
    count_url: str
    feeds: list[FeedOut]


class CosignRequestOut(Schema):
    id: int
    organization: str = Field(alias="organization.slug")
    name: str = Field(alias="organization.name")
    country: str = Field(alias="organization.country")
    version: int = Field(alias="version.number")
    state: str
    created: dt.datetime
