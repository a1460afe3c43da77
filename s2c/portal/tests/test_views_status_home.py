import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from s2c.core.tests import factories as core_f

from .. import services
from ..checker import CheckResult
from . import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_status_page_shows_state_history_and_incidents(client, agency):
    up = f.make_endpoint(agency, url="https://up.example.test/", name="Situs A")
    down = f.make_endpoint(agency, url="https://down.example.test/", name="Layanan B")
    f.make_endpoint(agency, url="https://paused.example.test/", name="Berhenti", is_active=False)
    now = timezone.now()
    services.check_record(
        endpoint_id=up.pk,
        result=CheckResult(
            ok=True, status_code=200, response_ms=87, tls_expires_at=now + dt.timedelta(days=5)
        ),
        at=now,
    )
    services.check_record(
        endpoint_id=down.pk, result=CheckResult(ok=False, status_code=500, error="HTTP 500"), at=now
    )
    response = client.get("/status/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert (response.context["up_count"], response.context["down_count"]) == (1, 1)
    assert [r["endpoint"].name for r in response.context["rows"]] == ["Layanan B", "Situs A"]
    assert all(len(r["days"]) == 90 for r in response.context["rows"])
    assert "Berhenti" not in html
    assert "87 ms" in html
    assert "TLS certificate expires" in html
    assert "HTTP 500" in html
    detail = client.get(up.get_absolute_url(), **EN)
    assert detail.status_code == 200
    assert detail.context["uptime"] == 100.0
    assert [c.response_ms for c in detail.context["checks"]] == [87]


def test_home_page_has_search_popular_and_life_events(client, agency):
    service = f.make_service(agency, name="Perpanjangan STNK")
    service.view_count = 99
    service.save(update_fields=["view_count"])
    response = client.get("/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/cari/"' in html
    assert "Most used services" in html
    assert "Perpanjangan STNK" in html
    assert "Vehicles and tax" in html
    assert 'href="/peristiwa/kendaraan-pajak/"' in html
    assert 'href="/layanan/"' in html  # the Sumsel Gov tile
    indonesian = client.get("/").content.decode()
    assert "Kendaraan dan pajak" in indonesian


@override_settings(S2C_ENV="development")
def test_demo_online_endpoints(client, db):
    assert client.get("/demo/layanan-online/e-samsat/").status_code == 200
    assert client.get("/demo/layanan-online/gangguan/").status_code == 503
    with override_settings(PRODUCTION=True):
        assert client.get("/demo/layanan-online/e-samsat/").status_code == 404


def test_staff_navigation_lists_portal_pages(client, agency_admin, officer, province_admin):
    from s2c.core import registry

    def labels(user):
        return [
            str(i.label)
            for info, items in registry.nav_for(user)
            if info.key == "portal"
            for i in items
        ]

    assert labels(officer) == ["Services", "Offices", "Monitored URLs"]
    assert labels(agency_admin) == [
        "Services",
        "Offices",
        "Agency profiles",
        "Monitored URLs",
        "Import and export",
    ]
    assert "Approvals" in labels(province_admin)
    assert labels(core_f.make_citizen()) == []
