"""Fixed-window counters in the ``counters`` cache: how many times a caller did something
in the current window of ``seconds``. One ``add``/``incr`` per hit, atomic in both stores
that cache can be (a table of the database by default, Redis where ``CACHE_URL`` names it;
see ``core.counters``), so every thread, worker process and app server shares one count,
at a cost constant however high the limit. Used by the API's request limit, Sumsel Care's
submission limits and the password reset's limits.

A fixed window lets a caller spend one window's allowance at its end and the next one's at
the start: up to twice the limit within ``seconds`` at a boundary, never more."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches

# The header that carries ``settings.S2C_RATE_LIMIT_EXEMPT_KEY`` (see ``exempt``).
EXEMPT_HEADER = "X-S2C-Rate-Limit-Key"


def _key(scope: str, value: str, seconds: int, now: float | None = None) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    window = int((time.time() if now is None else now) // seconds)
    return f"s2c:rl:{scope}:{seconds}:{digest}:{window}"


def counters():
    """The cache every process shares for counting (``settings.CACHES["counters"]``)."""
    return caches["counters"]


def used(scope: str, value: str, seconds: int) -> int:
    """Hits counted for ``value`` in the current window."""
    return int(counters().get(_key(scope, value, seconds), 0))


def hit(scope: str, value: str, seconds: int) -> int:
    """Count one hit for ``value``; returns the count in the current window, this one
    included."""
    key = _key(scope, value, seconds)
    cache = counters()
    if hasattr(cache, "count"):  # the database's counters: one atomic upsert
        return cache.count(key, seconds + 5)
    if cache.add(key, 1, timeout=seconds + 5):
        return 1
    try:
        return cache.incr(key)  # another process started the window meanwhile
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        return 1


def retry_after(seconds: int) -> float:
    """Seconds until the current window ends."""
    return seconds - (time.time() % seconds)


def exempt(request) -> bool:
    """Whether ``request`` is exempt from the API's request limit: only when the operator
    set ``S2C_RATE_LIMIT_EXEMPT_KEY`` (empty by default: nobody is) and the request sends
    that key in the ``X-S2C-Rate-Limit-Key`` header. For load tests such as
    bench/public_paths.py; submission limits and sign-in lockouts still apply."""
    key = getattr(settings, "S2C_RATE_LIMIT_EXEMPT_KEY", "")
    sent = request.headers.get(EXEMPT_HEADER)
    return bool(key) and sent is not None and hmac.compare_digest(sent.encode(), key.encode())
