"""The public lists run a constant number of queries whatever the number of reports on
the page: Open311 requests (JSON and XML), /api/v1/care/reports and /lapor/laporan/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from s2c.care import services

from . import factories as f

pytestmark = pytest.mark.django_db

URLS = (
    "/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z",
    "/open311/v2/requests.xml?start_date=2000-01-01T00:00:00Z",
    "/api/v1/care/reports?page_size=50",
    "/lapor/laporan/",
)


def add_reports(n, category, verifier, officer):
    """Listed reports with what a row shows: a public photo, an agency's public note, a
    region and an agency."""
    for _ in range(n):
        c = f.make_complaint(
            category,
            status="in_progress",
            verifier=verifier,
            officer=officer,
            region="1671",
            latitude=-2.99,
            longitude=104.76,
            files=[f.jpeg()],
        )
        services.complaint_post_update(
            complaint=c,
            by=officer,
            message="Tim sudah di lokasi.",
            now=f.MONDAY + dt.timedelta(days=2),
        )


def queries(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content


@pytest.mark.parametrize("url", URLS)
def test_a_list_of_20_runs_as_many_queries_as_a_list_of_2(
    client, url, category, verifier, officer, region, settings
):
    settings.S2C_PAGE_CACHE_SECONDS = 0  # the view's own queries, not a cached page
    add_reports(2, category, verifier, officer)
    client.get(url)  # warm what a first request caches (sessions, categories)
    few, body = queries(client, url)
    assert body.count(b"SC-2025-") >= 2
    add_reports(18, category, verifier, officer)
    many, body = queries(client, url)
    assert body.count(b"SC-2025-") >= 20
    assert many == few, f"{url}: {few} queries for 2 reports, {many} for 20"


def test_open311_rows_still_carry_the_note_and_the_photo(
    client, category, verifier, officer, region
):
    add_reports(2, category, verifier, officer)
    rows = client.get(URLS[0]).json()
    assert [r["status_notes"] for r in rows] == ["Tim sudah di lokasi."] * 2
    assert all(r["media_url"].startswith("http://testserver/lapor/berkas/") for r in rows)
