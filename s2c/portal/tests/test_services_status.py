import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from s2c.core.errors import ApplicationError, Conflict, PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.tests import factories as core_f

from .. import services, tasks
from ..checker import CheckResult
from ..models import Check, DailyRollup, Incident, MonitoredEndpoint
from . import factories as f
from . import servers

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 08:00 in Palembang


def test_register_a_url(agency, agency_admin):
    endpoint = services.endpoint_create(
        by=agency_admin, agency=agency, name="Situs resmi", url=" https://dinas-a.example.test/ "
    )
    assert (endpoint.url, endpoint.kind, endpoint.state) == (
        "https://dinas-a.example.test/",
        "website",
        "unknown",
    )
    assert AuditEntry.objects.filter(action="portal.endpoint.create").count() == 1
    with pytest.raises(Conflict):
        services.endpoint_create(
            by=agency_admin, agency=agency, name="x", url="https://dinas-a.example.test/"
        )


def test_someone_else_cannot_register_or_edit(agency, other_agency, officer):
    other_admin = core_f.make_agency_admin(other_agency)
    with pytest.raises(PermissionDenied):
        services.endpoint_create(by=other_admin, agency=agency, name="x", url="https://a.test/")
    with pytest.raises(PermissionDenied):
        services.endpoint_create(by=officer, agency=agency, name="x", url="https://a.test/")
    endpoint = f.make_endpoint(agency)
    with pytest.raises(PermissionDenied):
        services.endpoint_update(
            by=other_admin,
            endpoint=endpoint,
            name="x",
            url="https://b.test/",
            kind="website",
            is_active=True,
        )


@pytest.mark.parametrize(
    "url", ["ftp://files.example.test/", "javascript:alert(1)", "example.test", ""]
)
def test_only_http_and_https_urls(agency, agency_admin, url):
    with pytest.raises(ApplicationError) as exc:
        services.endpoint_create(by=agency_admin, agency=agency, name="x", url=url)
    assert exc.value.message == "Enter a full web address starting with http:// or https://."


@override_settings(S2C_STATUS_BLOCK_PRIVATE_ADDRESSES=True)
@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://10.1.2.3/", "http://localhost/"])
def test_internal_addresses_refused_when_blocking(agency, agency_admin, url):
    with pytest.raises(ApplicationError) as exc:
        services.endpoint_create(by=agency_admin, agency=agency, name="x", url=url)
    assert exc.value.message == (
        "This address is not on the public internet, so it cannot be monitored."
    )


def test_checks_roll_up_and_open_and_close_incidents(agency):
    endpoint = f.make_endpoint(agency)
    up = CheckResult(ok=True, status_code=200, response_ms=100)
    down = CheckResult(ok=False, status_code=500, response_ms=30, error="HTTP 500")

    services.check_record(endpoint_id=endpoint.pk, result=up, at=T0)
    services.check_record(endpoint_id=endpoint.pk, result=down, at=T0 + dt.timedelta(minutes=5))
    services.check_record(endpoint_id=endpoint.pk, result=down, at=T0 + dt.timedelta(minutes=10))

    endpoint.refresh_from_db()
    assert (endpoint.state, endpoint.last_status_code, endpoint.last_error) == (
        "down",
        500,
        "HTTP 500",
    )
    incident = Incident.objects.get()
    assert (incident.started_at, incident.resolved_at, incident.failed_checks) == (
        T0 + dt.timedelta(minutes=5),
        None,
        2,
    )

    services.check_record(
        endpoint_id=endpoint.pk,
        result=CheckResult(ok=True, status_code=200, response_ms=300),
        at=T0 + dt.timedelta(minutes=15),
    )

    incident.refresh_from_db()
    assert incident.resolved_at == T0 + dt.timedelta(minutes=15)
    assert incident.duration == dt.timedelta(minutes=10)
    rollup = DailyRollup.objects.get()
    assert (rollup.day, rollup.checks, rollup.ok_checks, rollup.total_ms, rollup.max_ms) == (
        dt.date(2026, 3, 2),
        4,
        2,
        400,
        300,
    )
    assert (rollup.uptime_percent, rollup.average_ms) == (50.0, 200)
    assert Check.objects.count() == 4


def test_days_follow_jakarta_time(agency):
    endpoint = f.make_endpoint(agency)
    late = dt.datetime(2026, 3, 2, 18, 30, tzinfo=dt.UTC)  # 01:30 on 3 March in Palembang
    services.check_record(
        endpoint_id=endpoint.pk, result=CheckResult(ok=True, response_ms=5), at=late
    )
    assert DailyRollup.objects.get().day == dt.date(2026, 3, 3)


def test_periodic_round_checks_local_servers(agency):
    with servers.http_server() as base:
        ok = f.make_endpoint(agency, url=base + "/ok")
        broken = f.make_endpoint(agency, url=base + "/error")
        slow = f.make_endpoint(agency, url=base + "/slow")
        paused = f.make_endpoint(agency, url=base + "/ok?p", name="paused", is_active=False)
        with override_settings(S2C_STATUS_TIMEOUT=0.5, S2C_STATUS_CONCURRENCY=2):
            result = tasks.check_all.enqueue()
    assert result.return_value == 3
    states = {
        e.pk: (e.state, e.last_status_code, e.last_error) for e in MonitoredEndpoint.objects.all()
    }
    assert states == {
        ok.pk: ("up", 200, ""),
        broken.pk: ("down", 500, "HTTP 500"),
        slow.pk: ("down", None, "Timed out after 0.5 s"),
        paused.pk: ("unknown", None, ""),
    }
    assert Incident.objects.filter(resolved_at__isnull=True).count() == 2


def test_check_one_now(agency):
    with servers.http_server() as base:
        endpoint = f.make_endpoint(agency, url=base + "/ok")
        tasks.check_endpoint.enqueue(endpoint.pk)
    endpoint.refresh_from_db()
    assert endpoint.state == "up"


def test_prune_keeps_recent_checks(agency):
    endpoint = f.make_endpoint(agency)
    now = timezone.now()
    services.check_record(
        endpoint_id=endpoint.pk,
        result=CheckResult(ok=True, response_ms=1),
        at=now - dt.timedelta(days=20),
    )
    services.check_record(
        endpoint_id=endpoint.pk,
        result=CheckResult(ok=True, response_ms=1),
        at=now - dt.timedelta(days=1),
    )
    assert services.status_prune(now=now) == (1, 0)
    assert Check.objects.count() == 1
    assert DailyRollup.objects.count() == 2  # the history stays
