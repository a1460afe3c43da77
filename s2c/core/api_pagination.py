"""Page-number pagination for every list in the API.

    GET /api/v1/agencies?page=2&page_size=50
    {"count": 123, "page": 2, "page_size": 50, "pages": 3, "results": [...]}

``page`` starts at 1 and may be at most 1,000,000; ``page_size`` defaults to 20 and may be
at most 100 (more, or a larger page, is a 422 validation error). A page past the end
has no results (count and pages stay true).

On a Ninja endpoint returning a queryset or list::

    from ninja.pagination import paginate
    from s2c.core.api_pagination import PagePagination

    @router.get("/things", response=list[ThingOut])
    @paginate(PagePagination)
    def things(request): return selectors.things_for(request.user)

When the page's items are turned into dicts by the endpoint (to answer through
``core.conditional.conditional_json``, say), take ``PageIn`` into the query schema and::

    return conditional_json(request, ThingPageOut, paginate_items(
        qs, query, results=lambda items: [thing_data(x) for x in items]))

For results that are not a sequence (search), build the same shape with
``page_envelope`` and extend ``PageOut`` in the response schema.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .paging import MAX_PAGE

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1 (at most 1,000,000).")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page (at most 100)."
    )


class PageOut(Schema):
    count: int = Field(description="Results on all pages.")
    page: int
    page_size: int
    pages: int = Field(description="Number of pages (0 when there are no results).")


def page_envelope(*, count: int, page: int, page_size: int, results: list) -> dict[str, Any]:
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": math.ceil(count / page_size) if count else 0,
        "results": results,
    }


def _count(items) -> int:
    try:
        return items.all().count()  # a queryset
    except AttributeError:
        return len(items)


def paginate_items(
    items, pagination: PageIn, *, results: Callable[[list], list] | None = None
) -> dict[str, Any]:
    """The envelope of the page ``pagination`` asks for; ``results`` turns the page's
    items into what the answer shows."""
    offset = (pagination.page - 1) * pagination.page_size
    count = _count(items)
    page = list(items[offset : offset + pagination.page_size])
    return page_envelope(
        count=count,
        page=pagination.page,
        page_size=pagination.page_size,
        results=results(page) if results is not None else page,
    )


class PagePagination(PaginationBase):
    Input = PageIn
    items_attribute = "results"

    class Output(PageOut):
        results: list[Any]

    def paginate_queryset(self, queryset, pagination: PageIn, request, **params):
        return paginate_items(queryset, pagination)
