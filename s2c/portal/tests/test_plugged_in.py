"""What Sumsel Gov contributes to core's registries, seen through core's pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from s2c.core import registry
from s2c.core.tests import factories as core_factories

from . import factories

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_published_services_and_active_agencies(client):
    agency = core_factories.make_agency()
    published = factories.make_service(agency)
    draft = factories.make_service(agency, status="draft")
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/layanan/{published.code}/</loc>" in body
    assert f"/layanan/{draft.code}/" not in body
    assert f"<loc>http://testserver/instansi/{agency.code}/</loc>" in body


def test_the_status_check_freshness_is_in_healthz(client):
    endpoint = factories.make_endpoint()
    assert client.get("/healthz").json()["checks"]["portal.status-checks"]["status"] == "unknown"
    endpoint.last_checked_at = timezone.now() - dt.timedelta(minutes=2)
    endpoint.save()
    check = client.get("/healthz").json()["checks"]["portal.status-checks"]
    assert (check["status"], check["endpoints"]) == ("ok", 1)
    endpoint.last_checked_at = timezone.now() - dt.timedelta(hours=1)
    endpoint.save()
    assert client.get("/healthz").json()["checks"]["portal.status-checks"]["status"] == "stale"


def test_the_published_services_figure():
    factories.make_service()
    factories.make_service(status="draft")
    admin = core_factories.make_province_admin()
    shown = {f.key: v for f, v in registry.figures_for(admin)}
    assert shown["portal.published-services"] == 1
