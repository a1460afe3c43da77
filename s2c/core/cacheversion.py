"""Version counters in the cache: a cached value whose key holds a counter is forgotten at
once, everywhere the cache is shared, when the counter is bumped (the page cache, the
search answer cache, cached list totals)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def current(key: str) -> int:
    """The counter under ``key`` (1 the first time)."""
    found = cache.get(key)
    if found is None:
        cache.add(key, 1, None)
        found = cache.get(key) or 1
    return found


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # evicted or never read: any new value differs from the old keys'
        cache.set(key, 2, None)


def bump_now_and_on_commit(key: str) -> None:
    """Bump now and again when the write commits (a reader in between may have cached
    what was there before)."""
    bump(key)
    transaction.on_commit(lambda: bump(key))
