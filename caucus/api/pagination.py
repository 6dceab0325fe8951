"""One pagination envelope for every list of the API: page numbers with bounded inputs (no page
number can overflow a query), the totals, and the links to the pages beside this one."""

from math import ceil
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from caucus.lib.urls import absolute_request_url

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


def _page_url(request: HttpRequest, page: int) -> str:
    """This list's URL on SITE_URL with another page, its other parameters kept."""
    return absolute_request_url(request, page=str(page))


class Pages(PageNumberPagination):
    """`?page=2&page_size=20` → {"items", "count", "page", "page_size", "total_pages", "next",
    "previous"}; a page past the end is empty, with `previous` leading back."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items in every page together.")
        page: int = Field(ge=1)
        page_size: int = Field(ge=1, le=MAX_PAGE_SIZE)
        total_pages: int = Field(ge=1, description="At least 1, even for an empty list.")
        next: str | None = Field(description="The next page's URL; null on the last one.")
        previous: str | None = Field(description="The previous page's URL; null on the first.")

    def __init__(self, **kwargs) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = self._get_page_size(pagination.page_size)
        page = pagination.page
        count = self._items_count(queryset)
        total_pages = max(1, ceil(count / size))
        offset = (page - 1) * size
        return {
            "items": queryset[offset : offset + size],
            "count": count,
            "page": page,
            "page_size": size,
            "total_pages": total_pages,
            "next": _page_url(request, page + 1) if page < total_pages else None,
            "previous": _page_url(request, min(page, total_pages + 1) - 1) if page > 1 else None,
        }
