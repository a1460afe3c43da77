"""The one pagination of pages (the API's is ``s2c.core.api_pagination``).

``page_of(request, qs, per_page)`` is Django's ``Page`` of ``?page=`` (a number past the
end or not a number gives the last or the first page). With ``count_key`` its total is
cached (below). ``window_of`` is for long public lists that show only "previous / next":
it counts nothing and reads one row more than a page to know whether another follows.

Page lists whose total is costly to count.

Counting tens of thousands of rows is often the slowest part of a list page (a catalogue
of 100,000 services, an agency inbox of 20,000 open reports). ``CachedCountPaginator``
keeps the total in the cache under a key made of what decides the rows and a version
that the writes to those rows bump (``bump(name)``), so a change shows at once in every
process sharing the cache; the timeout is only a backstop.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator

from . import cacheversion

# No list has this many pages; a larger number would overflow the database's offset.
MAX_PAGE = 1_000_000


def _key(name: str) -> str:
    return f"s2c:count-version:{name}"


def version(name: str) -> int:
    """The current version of the counts called ``name`` (e.g. "care.inbox")."""
    return cacheversion.current(_key(name))


def bump(name: str) -> None:
    """Forget the cached counts called ``name``, now and when the write commits."""
    cacheversion.bump_now_and_on_commit(_key(name))


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached for ``seconds`` under ``count_key`` (the filters
    and the viewer's scope, or the query's SQL) and ``version``."""

    def __init__(self, *args, count_key: str, version: int | str, seconds: int = 60, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.version = version
        self.seconds = max(int(seconds), 1)

    @cached_property
    def count(self) -> int:
        digest = hashlib.sha256(self.count_key.encode()).hexdigest()[:32]
        key = f"s2c:count:{self.version}:{digest}"
        return cache.get_or_set(key, lambda: Paginator.count.func(self), self.seconds)


def page_of(
    request,
    qs,
    per_page: int = 20,
    *,
    count_key: str = "",
    version: int | str = 0,
    seconds: int = 60,
):
    """The page of ``qs`` that ``?page=`` asks for; with ``count_key`` (what decides the
    rows, and the viewer's scope) the total is cached under it and ``version``."""
    if count_key:
        paginator = CachedCountPaginator(
            qs, per_page, count_key=count_key, version=version, seconds=seconds
        )
    else:
        paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Window:
    """A page of a list whose total is never counted."""

    number: int
    object_list: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(request, *, last: int | None = None) -> int:
    """``?page=`` as a number from 1 (anything else is 1), at most ``last`` and at most
    ``MAX_PAGE`` (a huge number would overflow the database's offset: it shows an empty
    page past the end instead)."""
    try:
        number = max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        return 1
    number = min(number, MAX_PAGE)
    return min(number, last) if last is not None else number


def window_of(request, qs, per_page: int = 20) -> Window:
    number = page_number(request)
    rows = list(qs[(number - 1) * per_page : number * per_page + 1])
    return Window(number=number, object_list=rows[:per_page], has_next=len(rows) > per_page)
