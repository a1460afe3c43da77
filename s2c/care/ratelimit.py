"""Rate limits for submissions and supports, counted in Django's cache (shared by every
process when the cache is Redis). Limits are (count, seconds) pairs, overridable with the
``S2C_CARE_RATE_LIMITS`` setting, e.g. ``{"ip": (10, 3600)}``."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from s2c.core.errors import ApplicationError

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "ip": (10, 3600),  # reports from one address per hour (web and S2C API)
    "contact": (5, 3600),  # reports giving the same email or phone per hour
    "key": (1000, 3600),  # reports from one Open311 API key per hour
    "support": (60, 3600),  # supports (+1) from one address per hour
    "reply": (30, 3600),  # replies, ratings and reopenings through one follow-up link
}


class RateLimited(ApplicationError):
    status_code = 429
    code = "rate_limited"


def limit_for(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "S2C_CARE_RATE_LIMITS", {}) or {}
    count, seconds = configured.get(scope, DEFAULT_LIMITS[scope])
    return int(count), int(seconds)


def _key(scope: str, value: str, seconds: int) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    return f"s2c:care:rl:{scope}:{digest}:{int(time.time() // seconds)}"


def used(scope: str, value: str) -> int:
    _, seconds = limit_for(scope)
    return int(cache.get(_key(scope, value, seconds), 0))


def check(scope: str, values: list[str]) -> None:
    """Refuse when any of ``values`` has used up its allowance in ``scope``."""
    count, _seconds = limit_for(scope)
    for value in values:
        if value and used(scope, value) >= count:
            minutes = max(_seconds // 60, 1)
            raise RateLimited(
                _(
                    "Too many submissions in a short time. Please wait up to %(minutes)s "
                    "minutes and try again; what you typed has been kept."
                )
                % {"minutes": minutes},
                extra={"scope": scope},
            )


def count(scope: str, values: list[str]) -> None:
    _, seconds = limit_for(scope)
    for value in values:
        if not value:
            continue
        key = _key(scope, value, seconds)
        if not cache.add(key, 1, timeout=seconds + 5):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=seconds + 5)
