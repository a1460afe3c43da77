"""The API's request limit: ``S2C_API_RATE`` requests per caller per window, counted by
``core.ratelimit`` (one cache increment per request).

The caller is the signed-in user (a session, or a resolver's user such as an API key's),
else the client address as ``ClientAddressMiddleware`` left it: X-Forwarded-For counts only
from the ``S2C_TRUSTED_PROXY_COUNT`` proxies, so a client cannot start a fresh count by
sending a header of its own. (Ninja's own throttles read the raw header, and keep each
request's history on the shared throttle object, which threads overwrite.)

A request carrying the operator's ``S2C_RATE_LIMIT_EXEMPT_KEY`` is not counted at all
(``ratelimit.exempt``: for load tests; nobody is exempt unless the key is set)."""

from __future__ import annotations

from ninja.throttling import BaseThrottle

from . import permissions, ratelimit
from .middleware import client_ip

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/min" -> (600, 60); "10/5s" -> (10, 5)."""
    try:
        count, period = rate.split("/", 1)
        digits = period.rstrip("abcdefghijklmnopqrstuvwxyz")
        unit = period[len(digits) :] or "s"
        return int(count), int(digits or 1) * _PERIODS[unit]
    except (ValueError, KeyError):
        raise ValueError(f"Invalid rate {rate!r}: use N/s, N/min, N/hour or N/day") from None


class CallerRateThrottle(BaseThrottle):
    def __init__(self, rate: str, scope: str = "api"):
        self.count, self.seconds = parse_rate(rate)
        self.scope = scope

    def allow_request(self, request) -> bool:
        if ratelimit.exempt(request):
            return True
        return ratelimit.hit(self.scope, caller(request), self.seconds) <= self.count

    def wait(self) -> float:
        return ratelimit.retry_after(self.seconds)


def caller(request) -> str:
    for user in (getattr(request, "auth", None), getattr(request, "user", None)):
        if permissions.is_authenticated(user):
            return f"user:{user.pk}"
    return f"address:{client_ip(request)}"
