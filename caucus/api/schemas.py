"""What every JSON shape of the API is built from: text, choices, strict input, the error
body; each noun's own shapes are in its package's schemas.py. Domain rules stay in forms and
services."""

import datetime as dt
import re
import types
from datetime import datetime
from typing import Annotated, Any, Union, get_args, get_origin

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, ValidationInfo, WithJsonSchema, field_validator

from caucus.lib.countries import COUNTRY_CODES, LANGUAGE_CODES
from caucus.lib.zones import zone_choices


def _no_nul(value: str) -> str:
    # Forms refuse NUL characters too; PostgreSQL cannot store them.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]

# Every string of every body may hold any character but NUL (caucus/api/parser.py refuses it,
# and lone surrogate halves, before any schema; those are no Unicode characters, so a JSON
# Schema string cannot hold them anyway, and a validator's regex cannot name them).
# caucus/api/openapi.py declares it on each body string that has no pattern of its own.
STORABLE = "[^\\u0000]"
STORABLE_TEXT = f"^{STORABLE}*$"
# A required text: the forms strip spaces, so it must hold one character that is not a space
# (Python's strip also takes \x1c-\x1f, which a regex's \s leaves out).
NOT_BLANK_TEXT = f"^{STORABLE}*[^\\s\\u0000\\u001c-\\u001f]{STORABLE}*$"


def required_text(max_length: int | None = None) -> Any:
    """A text field its form requires: at least one character that is not a space (a text
    of spaces is stripped to "" and refused), at most `max_length` characters. The document
    says so; the form refuses "" itself, in the caller's language."""
    return Annotated[
        str,
        AfterValidator(_no_nul),
        Field(
            max_length=max_length,
            json_schema_extra={"minLength": 1, "pattern": NOT_BLANK_TEXT},
        ),
    ]


RequiredText = required_text()


# name → the values of a choice type; caucus/api/openapi.py puts each into the components.
CHOICES: dict[str, list[str]] = {}
CHOICE_KEY = "x-caucus-choice"


def choice(name: str, values: Any) -> Any:
    """A text that must be one of `values` (what the form's ChoiceField accepts), declared as
    an enum the document lists once, under `name`. The form still checks it and says why in
    the caller's language: pydantic's refusal would list every value."""
    CHOICES[name] = [str(v) for v in values]
    return Annotated[
        str,
        AfterValidator(_no_nul),
        # pydantic would chase a $ref it did not make: openapi.py turns this into one.
        WithJsonSchema({CHOICE_KEY: name}),
    ]


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"[+-]?\d+(\.\d*)?([eE][+-]?\d+)?")


def _plain_types(annotation: Any) -> set[type]:
    """The classes a field's annotation allows, through Optional, unions and Annotated."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _plain_types(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_plain_types(arg) for arg in get_args(annotation)))
    return {annotation} if isinstance(annotation, type) else set()


def _refuse_coercion(value: Any, allowed: set[type]) -> Any:
    """Pydantic's lax mode turns 0 into 1970-01-01, "yes" into True and "5" into 5; the API
    takes each value only in its own JSON type (dates and times as ISO text)."""
    if value is None or type(value) in allowed:
        return value
    if dt.date in allowed and dt.datetime not in allowed and isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise ValueError("Give a date as YYYY-MM-DD.")
        return value
    if allowed & {dt.datetime, dt.time} and isinstance(value, str):
        if NUMBER.fullmatch(value.strip()):
            raise ValueError("Give a date and time as ISO 8601 text, e.g. 2031-03-04T18:00.")
        return value
    if allowed & {dt.date, dt.datetime, dt.time}:
        raise ValueError("Give dates and times as ISO 8601 text, not as a number.")
    if bool in allowed:
        raise ValueError("Give true or false.")
    if float in allowed and isinstance(value, int) and not isinstance(value, bool):
        return value
    if int in allowed and isinstance(value, float) and value.is_integer():
        # JSON Schema counts 65453.0 as an integer, and JSON has one number type.
        return int(value)
    if allowed & {int, float}:
        raise ValueError("Give a number.")
    return value


class In(Schema):
    """The base of every body the API reads (issue "API: tell the truth").

    Unknown fields are refused (a typo in a PATCH would otherwise change nothing and answer
    200), a body that is not an object is refused (caucus/api/parser.py), and no value is
    coerced from another JSON type: numbers are not dates, strings are not booleans.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _strict_types(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is None:
            return value
        allowed = _plain_types(field.annotation)
        if not allowed & {dt.date, dt.datetime, dt.time, bool, int, float}:
            return value
        return _refuse_coercion(value, allowed)


def request_of(context: Any) -> HttpRequest | None:
    """The request a schema is being resolved for, when ninja passes one."""
    return (context or {}).get("request")


# A slug as Django's SlugField validates it; whether it is free depends on the data.
Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]
Country = choice("Country", sorted(COUNTRY_CODES))
Language = choice("Language", sorted(LANGUAGE_CODES))
TimeZone = choice("TimeZone", [name for name, _label in zone_choices()])
TimeZoneOrBlank = choice("TimeZoneOrBlank", ["", *(name for name, _label in zone_choices())])

Fold = choice("Fold", ["", "0", "1"])
# A wall-clock time as the forms read it ("2031-03-04T18:00"); whether it exists in its zone,
# comes after another or lies in the future is for the form to say.
LOCAL_DATETIME = (
    r"^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
)
LocalDateTime = Annotated[str, Field(max_length=40, pattern=LOCAL_DATETIME)]
LocalDateTimeOrBlank = Annotated[
    str, Field(max_length=40, pattern=LOCAL_DATETIME.replace("^", "^$|^", 1))
]


# --- Errors (see caucus/api/errors.py).


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(
        description='Where: ["body", "email"], ["body", "points", 3], ["query", "page"].'
    )
    msg: str
    type: str


class ErrorOut(Schema):
    """Every error body (caucus/api/errors.py)."""

    detail: str = Field(description="What went wrong, in a sentence for people.")
    errors: list[FieldErrorOut] = Field(
        default_factory=list, description="Each refused place; empty when none is named."
    )
    code: str | None = Field(
        None,
        description='For machines, on some refusals: "mfa_required" (403), "used" or "expired" '
        "(400, an emailed link).",
    )


InvalidOut = ErrorOut  # a 422 has the same shape, with `errors` filled

# The refusals a route declares itself; caucus/api/openapi.py adds those every operation can
# answer (400, 401, 422, 429 and, with path parameters or a sign-in, 403 and 404).
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
THROTTLED: dict[int, Any] = {**ERRORS, 429: ErrorOut}


# At most one translation per ISO 639-1 language (translations refuse any other code).
LANGUAGES = len(LANGUAGE_CODES)
ONE_PER_LANGUAGE = "One per language at most: the whole list, not paginated."


def bounded(item: Any, most: int, why: str) -> Any:
    """A list answered whole (not paginated) because it cannot grow past `most` items."""
    return Annotated[list[item], Field(max_length=most, description=why)]


# --- Shared by several nouns: organizations', coalitions' and ballot keys' audit logs.


class AuditEntryOut(Schema):
    created: datetime
    actor: str = Field(alias="actor_name")
    action: str
    description: str
    data: dict[str, str]

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return obj.description()


class TranslationReviewIn(In):
    """Mark a translation (of any kind of content) as checked by a person, or no longer."""

    reviewed: bool
