"""Rate limits for submissions and supports, counted by ``core.ratelimit`` in the
counters every process and server shares (the database, or Redis; see ``core.counters``).
Limits are (count, seconds) pairs, overridable with the ``S2C_CARE_RATE_LIMITS`` setting,
e.g. ``{"ip": (10, 3600)}``."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from s2c.core import ratelimit
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


def used(scope: str, value: str) -> int:
    _, seconds = limit_for(scope)
    return ratelimit.used(f"care:{scope}", value, seconds)


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
        if value:
            ratelimit.hit(f"care:{scope}", value, seconds)
