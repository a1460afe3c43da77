"""The status monitor's writes: registering URLs, recording checks, rollups, incidents."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import audit
from s2c.core.errors import ApplicationError, Conflict
from s2c.core.models import Agency

from .. import checker, pages
from ..models import Check, DailyRollup, Incident, MonitoredEndpoint, Service
from ..pagecache import bump_on_commit
from ._common import require_manage

log = logging.getLogger(__name__)
E = MonitoredEndpoint


def validate_url(url: str) -> str:
    """Only http(s) URLs; with the private-address rule, no literal internal host."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ApplicationError(
            _("Enter a full web address starting with http:// or https://."),
            extra={"fields": {"url": [_("Only http:// and https:// addresses can be checked.")]}},
        ) from None
    host = urlsplit(url).hostname or ""
    if checker.block_private_addresses() and checker.host_problem(host):
        raise ApplicationError(
            _("This address is not on the public internet, so it cannot be monitored."),
            extra={"fields": {"url": [_("Use a public address.")]}},
        )
    return url


@transaction.atomic
def endpoint_create(
    *,
    by,
    agency: Agency,
    name: str,
    url: str,
    kind: str = E.Kind.WEBSITE,
    service: Service | None = None,
) -> MonitoredEndpoint:
    require_manage(by=by, agency_id=agency.pk)
    url = validate_url(url)
    if kind not in E.Kind.values:
        raise ApplicationError(_("Choose website, online service or API."))
    if service is not None and service.agency_id != agency.pk:
        raise ApplicationError(_("The service belongs to another agency."))
    if not name.strip():
        raise ApplicationError(
            _("Give the URL a name."), extra={"fields": {"name": [_("Required.")]}}
        )
    if E.objects.filter(agency=agency, url=url).exists():
        raise Conflict(_("This URL is already monitored for this agency."))
    endpoint = E.objects.create(
        agency=agency, name=name.strip()[:200], url=url, kind=kind, service=service
    )
    audit.record(
        actor=by, action="portal.endpoint.create", obj=endpoint, after=audit.snapshot(endpoint)
    )
    pages.changed(agency_id=agency.pk)  # service pages show their monitored URLs
    bump_on_commit()
    return endpoint


@transaction.atomic
def endpoint_update(
    *, by, endpoint: MonitoredEndpoint, name: str, url: str, kind: str, is_active: bool
) -> MonitoredEndpoint:
    endpoint = E.objects.select_for_update().get(pk=endpoint.pk)
    require_manage(by=by, agency_id=endpoint.agency_id)
    url = validate_url(url)
    if kind not in E.Kind.values:
        raise ApplicationError(_("Choose website, online service or API."))
    if not name.strip():
        raise ApplicationError(
            _("Give the URL a name."), extra={"fields": {"name": [_("Required.")]}}
        )
    if url != endpoint.url and E.objects.filter(agency_id=endpoint.agency_id, url=url).exists():
        raise Conflict(_("This URL is already monitored for this agency."))
    before = audit.snapshot(endpoint)
    if url != endpoint.url:
        endpoint.state = E.State.UNKNOWN
    endpoint.name, endpoint.url, endpoint.kind = name.strip()[:200], url, kind
    endpoint.is_active = is_active
    endpoint.save()
    audit.record(
        actor=by,
        action="portal.endpoint.update",
        obj=endpoint,
        before=before,
        after=audit.snapshot(endpoint),
    )
    pages.changed(agency_id=endpoint.agency_id)
    bump_on_commit()
    return endpoint


def _day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


@transaction.atomic
def check_record(*, endpoint_id: int, result: checker.CheckResult, at: dt.datetime) -> Check:
    """Store one check: the raw row, the endpoint's current state, the day's rollup, and
    open or resolve an incident when the state changes."""
    endpoint = E.objects.select_for_update().get(pk=endpoint_id)
    check = Check.objects.create(
        endpoint=endpoint,
        checked_at=at,
        ok=result.ok,
        status_code=result.status_code,
        response_ms=result.response_ms,
        tls_expires_at=result.tls_expires_at,
        error=result.error[:500],
    )
    rollup, _created = DailyRollup.objects.select_for_update().get_or_create(
        endpoint=endpoint, day=_day(at)
    )
    rollup.checks += 1
    if result.ok:
        rollup.ok_checks += 1
        rollup.total_ms += result.response_ms or 0
        rollup.max_ms = max(rollup.max_ms, result.response_ms or 0)
    rollup.save()
    incident = (
        Incident.objects.select_for_update()
        .filter(endpoint=endpoint, resolved_at__isnull=True)
        .first()
    )
    if result.ok and incident is not None:
        incident.resolved_at = at
        incident.save(update_fields=["resolved_at"])
    elif not result.ok:
        if incident is None:
            Incident.objects.create(
                endpoint=endpoint,
                started_at=at,
                first_error=result.error[:500],
                last_error=result.error[:500],
            )
        else:
            incident.failed_checks += 1
            incident.last_error = result.error[:500]
            incident.save(update_fields=["failed_checks", "last_error"])
    endpoint.state = E.State.UP if result.ok else E.State.DOWN
    endpoint.last_checked_at = at
    endpoint.last_status_code = result.status_code
    endpoint.last_response_ms = result.response_ms
    endpoint.last_error = result.error[:500]
    if result.tls_expires_at is not None:
        endpoint.tls_expires_at = result.tls_expires_at
    elif urlsplit(endpoint.url).scheme != "https":
        endpoint.tls_expires_at = None
    endpoint.save(
        update_fields=[
            "state",
            "last_checked_at",
            "last_status_code",
            "last_response_ms",
            "last_error",
            "tls_expires_at",
        ]
    )
    return check


def check_endpoints(*, endpoint_ids: list[int] | None = None) -> int:
    """Check the given (or all active) endpoints, a bounded number at a time; each check
    has its own timeout. Results are written from this thread, one transaction each."""
    qs = E.objects.filter(is_active=True)
    if endpoint_ids is not None:
        qs = qs.filter(pk__in=endpoint_ids)
    targets = list(qs.values_list("pk", "url"))
    if not targets:
        return 0
    workers = max(1, int(getattr(settings, "S2C_STATUS_CONCURRENCY", 8)))
    timeout = checker.timeout_seconds()
    with ThreadPoolExecutor(max_workers=min(workers, len(targets))) as pool:
        futures = [
            (pk, pool.submit(checker.check_url, url, timeout=timeout)) for pk, url in targets
        ]
        for pk, future in futures:
            try:
                result = future.result()
            except Exception as exc:  # a bug in the checker must not stop the round
                log.exception("Status check of endpoint %s crashed", pk)
                result = checker.CheckResult(ok=False, error=f"Checker error: {exc}"[:500])
            check_record(endpoint_id=pk, result=result, at=timezone.now())
    return len(targets)


@transaction.atomic
def status_prune(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Drop raw checks past ``S2C_STATUS_RAW_DAYS`` (14) and rollups past 400 days."""
    now = now or timezone.now()
    raw_days = int(getattr(settings, "S2C_STATUS_RAW_DAYS", 14))
    checks, _d = Check.objects.filter(checked_at__lt=now - dt.timedelta(days=raw_days)).delete()
    rollups, _d = DailyRollup.objects.filter(day__lt=_day(now) - dt.timedelta(days=400)).delete()
    return checks, rollups
