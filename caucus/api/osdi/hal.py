"""What every OSDI collection shares: HAL links, page numbers as OSDI names them (`page`,
`per_page`, `total_pages`, `total_records`) and the OData-style `modified_date` filter.

    ?filter=modified_date gt '2026-01-01'
    ?filter=modified_date gt '2026-01-01T00:00:00Z' and modified_date lt '2026-02-01'

Operators: gt, ge, lt, le, eq (OSDI names gt, lt and eq); a date alone means its midnight UTC.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from math import ceil
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as SchemaError

from caucus.lib.urls import absolute_request_url, absolute_url

PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
CURIES = [
    {"name": "osdi", "href": "https://osdi-docs.github.io/osdi-docs/{rel}", "templated": True}
]
_MOMENT = (
    r"\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)"
    r"|02-(0[1-9]|1\d|2[0-9]))"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?"
)
_ONE = rf"modified_date (gt|ge|lt|le|eq) '{_MOMENT}'"
# What the OpenAPI document declares: one clause, or several joined by " and ".
FILTER_PATTERN = rf"^({_ONE}( and {_ONE})*)?$"
_CLAUSE = re.compile(r"^\s*modified_date\s+(gt|ge|lt|le|eq)\s+'([^']{1,40})'\s*$", re.IGNORECASE)
LOOKUPS = {"gt": "gt", "ge": "gte", "lt": "lt", "le": "lte", "eq": "exact"}


class OsdiCollectionQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)
    filter: str = Field(
        "",
        max_length=200,
        pattern=FILTER_PATTERN,
        description="OData-style, on modified_date only: `modified_date gt '2026-01-01'`; "
        "clauses joined by `and`; operators gt, ge, lt, le, eq.",
        examples=["modified_date gt '2026-01-01'"],
    )


class OsdiCollection(Schema):
    """An OSDI collection: its items are under `_embedded`, keyed by the resource's name."""

    total_pages: int = Field(ge=1)
    total_records: int = Field(ge=0)
    per_page: int = Field(ge=1, le=MAX_PER_PAGE)
    page: int = Field(ge=1)
    links: dict[str, Any] = Field(alias="_links")
    embedded: dict[str, list[Any]] = Field(alias="_embedded")


def _refused(msg: str) -> SchemaError:
    return SchemaError([{"loc": ["query", "filter"], "msg": msg, "type": "value_error"}])


def _moment(text: str) -> dt.datetime:
    try:
        moment = parse_datetime(text) or parse_datetime(f"{text}T00:00:00")
    except ValueError:
        moment = None
    if moment is None:
        raise _refused(_("'%(value)s' is not a date or a date and time.") % {"value": text})
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def modified_filter(text: str) -> dict[str, dt.datetime]:
    """The ORM lookups on `modified_date` a filter asks for; 422 on anything else."""
    lookups: dict[str, dt.datetime] = {}
    if not text.strip():
        return lookups
    for clause in re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.match(clause)
        if match is None:
            raise _refused(_("Filters name modified_date only: modified_date gt '2026-01-01'."))
        lookups[f"modified_date__{LOOKUPS[match[1].lower()]}"] = _moment(match[2])
    return lookups


def href(path: str) -> dict[str, str]:
    return {"href": absolute_url(path)}


def _page_href(request: HttpRequest, page: int) -> dict[str, str]:
    return {"href": absolute_request_url(request, page=str(page))}


def collection(
    request: HttpRequest,
    name: str,
    rows: QuerySet,
    query: OsdiCollectionQuery,
    serialize: Callable[[Iterable[Any]], list[dict]],
) -> dict[str, Any]:
    """One page of `rows` (annotated with modified_date, filtered by the query) as OSDI's
    collection named `name` ("osdi:petitions")."""
    rows = rows.filter(**modified_filter(query.filter))
    total = rows.count()
    total_pages = max(1, ceil(total / query.per_page))
    offset = (query.page - 1) * query.per_page
    items = serialize(rows[offset : offset + query.per_page])
    links: dict[str, Any] = {
        "self": _page_href(request, query.page),
        name: [item["_links"]["self"] for item in items],
        "curies": CURIES,
    }
    if query.page < total_pages:
        links["next"] = _page_href(request, query.page + 1)
    if query.page > 1:
        links["prev"] = _page_href(request, min(query.page, total_pages + 1) - 1)
    return {
        "total_pages": total_pages,
        "total_records": total,
        "per_page": query.per_page,
        "page": query.page,
        "_links": links,
        "_embedded": {name: items},
    }


def when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
