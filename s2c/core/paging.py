"""Page lists whose total is costly to count.

Counting tens of thousands of rows is often the slowest part of a list page (a catalogue
of 100,000 services, an agency inbox of 20,000 open reports). ``CachedCountPaginator``
keeps the total in the cache under a key made of what decides the rows and a version
that the writes to those rows bump (``bump(name)``), so a change shows at once in every
process sharing the cache; the timeout is only a backstop.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator

from . import cacheversion


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
