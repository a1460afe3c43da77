"""What Sumsel Care contributes to core's registries, seen through core's pages."""

from __future__ import annotations

import re

import pytest

from s2c.core import registry

from .factories import make_complaint

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_only_public_reports(client, category, verifier):
    listed = make_complaint(category, status="verified", verifier=verifier)
    hidden = make_complaint(category)  # received: not yet public
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/lapor/laporan/{listed.tracking_number}/</loc>" in body
    assert hidden.tracking_number not in body


def test_open_reports_figure_is_scoped_to_the_staff_member(
    category, verifier, officer, other_agency
):
    from s2c.core.tests import factories as core_factories

    make_complaint(category, status="dispositioned", verifier=verifier)
    outsider = core_factories.make_officer(other_agency)
    assert {f.key: v for f, v in registry.figures_for(verifier)}["care.open-reports"] == 1
    assert {f.key: v for f, v in registry.figures_for(officer)}["care.open-reports"] == 1
    assert {f.key: v for f, v in registry.figures_for(outsider)}["care.open-reports"] == 0


def test_healthz_counts_open_reports(client, category):
    make_complaint(category)
    assert client.get("/healthz").json()["checks"]["care.reports"]["open"] == 1


def test_the_public_list_links_each_feed_once(client):
    html = client.get("/lapor/laporan/").content.decode()
    links = re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', html)
    assert sorted(links) == ["/lapor/feed/baru.atom", "/lapor/feed/diperbarui.atom"]
