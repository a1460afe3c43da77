"""Reads of the status monitor: public (active URLs of active agencies)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import permissions
from s2c.core.errors import NotFound
from s2c.core.models import Agency

from ..models import Check, DailyRollup, Incident, MonitoredEndpoint

HISTORY_DAYS = 90


@dataclass(frozen=True)
class Day:
    day: dt.date
    checks: int
    ok_checks: int
    average_ms: int | None

    @property
    def uptime(self) -> float | None:
        return round(100.0 * self.ok_checks / self.checks, 2) if self.checks else None

    @property
    def level(self) -> str:
        """For colouring a history bar: none, up, partial, down."""
        if not self.checks:
            return "none"
        if self.ok_checks == self.checks:
            return "up"
        return "down" if self.ok_checks == 0 else "partial"


def tls_warning_days() -> int:
    return int(getattr(settings, "S2C_STATUS_TLS_WARNING_DAYS", 21))


def public_endpoints(*, agency: Agency | None = None) -> QuerySet[MonitoredEndpoint]:
    qs = MonitoredEndpoint.objects.filter(is_active=True, agency__is_active=True)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.select_related("agency", "service").order_by("agency__name", "name", "id")


def endpoint_for_public(*, public_id) -> MonitoredEndpoint:
    try:
        endpoint = public_endpoints().filter(public_id=public_id).first()
    except (ValueError, ValidationError):  # a malformed UUID
        endpoint = None
    if endpoint is None:
        raise NotFound(_("There is no such monitored service."))
    return endpoint


def history(endpoint_ids: list[int], *, days: int = HISTORY_DAYS, today=None) -> dict:
    """{endpoint_id: [Day, ...]} for the last ``days`` days, oldest first (days with no
    checks included, so every bar has the same length)."""
    if not endpoint_ids:
        return {}
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    rows: dict[tuple[int, dt.date], DailyRollup] = {
        (r.endpoint_id, r.day): r
        for r in DailyRollup.objects.filter(endpoint_id__in=endpoint_ids, day__gte=start)
    }
    out = {}
    for endpoint_id in endpoint_ids:
        series = []
        for i in range(days):
            day = start + dt.timedelta(days=i)
            r = rows.get((endpoint_id, day))
            series.append(
                Day(day, r.checks, r.ok_checks, r.average_ms) if r else Day(day, 0, 0, None)
            )
        out[endpoint_id] = series
    return out


def uptime(series: list[Day]) -> float | None:
    checks = sum(d.checks for d in series)
    ok = sum(d.ok_checks for d in series)
    return round(100.0 * ok / checks, 2) if checks else None


@dataclass(frozen=True)
class Measured:
    """An uptime figure with the period it truly covers: the whole window when the URL
    was first checked before it began, else from the day of its first check (``since``)
    to today, ``days`` days."""

    percent: float
    since: dt.date
    days: int
    window: int

    @property
    def whole_window(self) -> bool:
        return self.days >= self.window


def first_checked(endpoint_ids: list[int]) -> dict[int, dt.date]:
    """{endpoint_id: the day of its first recorded check}, in one query."""
    rows = (
        DailyRollup.objects.filter(endpoint_id__in=endpoint_ids, checks__gt=0)
        .values("endpoint_id")
        .annotate(first=Min("day"))
    )
    return {r["endpoint_id"]: r["first"] for r in rows}


def measured(series: list[Day], first_day: dt.date | None = None) -> Measured | None:
    """The uptime of ``series`` and the period it covers (None when nothing was checked
    in it). ``first_day``: the URL's first check ever (else the first in the series)."""
    if not series or not any(d.checks for d in series):
        return None
    start = series[0].day
    if first_day is None:
        first_day = next(d.day for d in series if d.checks)
    since = max(first_day, start)
    days = (series[-1].day - since).days + 1
    return Measured(uptime(series), since, days, len(series))


def with_uptime(endpoints: list[MonitoredEndpoint], days: int = 30) -> list[tuple]:
    """``(endpoint, Measured)`` over the last ``days`` (None before the first check)."""
    ids = [e.pk for e in endpoints]
    series, first = history(ids, days=days), first_checked(ids)
    return [(e, measured(series[e.pk], first.get(e.pk))) for e in endpoints]


def recent_incidents(*, endpoint: MonitoredEndpoint | None = None, limit: int = 20):
    qs = Incident.objects.filter(endpoint__is_active=True, endpoint__agency__is_active=True)
    if endpoint is not None:
        qs = qs.filter(endpoint=endpoint)
    return qs.select_related("endpoint", "endpoint__agency").order_by("-started_at", "-id")[:limit]


def recent_checks(*, endpoint: MonitoredEndpoint, limit: int = 20) -> QuerySet[Check]:
    return endpoint.checks.order_by("-checked_at", "-id")[:limit]


def tls_expiring_soon(endpoint: MonitoredEndpoint, now=None) -> bool:
    if endpoint.tls_expires_at is None:
        return False
    now = now or timezone.now()
    return endpoint.tls_expires_at - now < dt.timedelta(days=tls_warning_days())


def endpoints_for_staff(*, user, agency: Agency | None = None) -> QuerySet[MonitoredEndpoint]:
    qs = permissions.scope_to_agencies(MonitoredEndpoint.objects.all(), user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.select_related("agency", "service").order_by("agency__name", "name")


def endpoint_for_staff(*, user, public_id) -> MonitoredEndpoint:
    try:
        endpoint = (
            MonitoredEndpoint.objects.select_related("agency").filter(public_id=public_id).first()
        )
    except (ValueError, ValidationError):
        endpoint = None
    if endpoint is None or not permissions.can_act_for_agency(user, endpoint.agency_id):
        raise NotFound(_("There is no such monitored URL."))
    return endpoint
