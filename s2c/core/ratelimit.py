"""Fixed-window counters in Django's cache: how many times a caller did something in the
current window of ``seconds``. One ``add``/``incr`` per hit, atomic in every cache S2C
supports (so threads, processes and, with Redis, app servers share one count) and
constant in cost however high the limit. Used by the API's request limit and Sumsel Care's
submission limits.

A fixed window lets a caller spend one window's allowance at its end and the next one's at
the start: up to twice the limit within ``seconds`` at a boundary, never more."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, value: str, seconds: int, now: float | None = None) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    window = int((time.time() if now is None else now) // seconds)
    return f"s2c:rl:{scope}:{seconds}:{digest}:{window}"


def used(scope: str, value: str, seconds: int) -> int:
    """Hits counted for ``value`` in the current window."""
    return int(cache.get(_key(scope, value, seconds), 0))


def hit(scope: str, value: str, seconds: int) -> int:
    """Count one hit for ``value``; returns the count in the current window, this one
    included."""
    key = _key(scope, value, seconds)
    if cache.add(key, 1, timeout=seconds + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        return 1


def retry_after(seconds: int) -> float:
    """Seconds until the current window ends."""
    return seconds - (time.time() % seconds)
