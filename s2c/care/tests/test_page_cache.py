"""Sumsel Care's public pages and feeds come from core's anonymous page cache
(``s2c.core.pagecache``) and are dropped at once when a report, its timeline, its files,
its supporters or a category change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from s2c.care import services
from s2c.care.models import Complaint

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(category, verifier):
    return f.make_complaint(
        category, status="dispositioned", verifier=verifier, title="Jalan amblas"
    )


def _cached_pages(complaint):
    return [
        "/lapor/",
        "/lapor/laporan/",
        f"/lapor/laporan/{complaint.tracking_number}/",
        "/lapor/peta/",
        "/lapor/liga/",
        "/lapor/feed/baru.atom",
        "/lapor/feed/diperbarui.atom",
        f"/lapor/feed/instansi/{complaint.agency.code}/baru.atom",
    ]


def test_public_pages_are_served_from_the_cache_without_queries(
    client, listed, django_assert_num_queries
):
    for url in _cached_pages(listed):
        assert client.get(url).status_code == 200, url
        with django_assert_num_queries(0):  # the page cache's version lives in the cache
            assert client.get(url).status_code == 200, url


def test_a_change_made_behind_the_services_back_is_not_seen(client, listed):
    url = f"/lapor/laporan/{listed.tracking_number}/"
    assert "Jalan amblas" in client.get(url).content.decode()
    Complaint.objects.filter(pk=listed.pk).update(public_title="Diubah langsung")
    assert "Diubah langsung" not in client.get(url).content.decode()


def test_the_pages_are_dropped_when_a_report_changes(client, listed, verifier, officer):
    detail = f"/lapor/laporan/{listed.tracking_number}/"
    for url in ("/lapor/laporan/", detail, "/lapor/feed/baru.atom"):
        client.get(url)
    services.complaint_post_update(complaint=listed, by=officer, message="Tim sudah meninjau.")
    assert "Tim sudah meninjau." in client.get(detail).content.decode()
    # A new report, once verified, is listed at once.
    other = f.make_complaint(
        listed.category, status="verified", verifier=verifier, title="Lampu jalan padam"
    )
    assert other.tracking_number in client.get("/lapor/laporan/").content.decode()
    assert "Lampu jalan padam" in client.get("/lapor/feed/baru.atom").content.decode()


def test_a_support_shows_at_once(client, listed):
    detail = f"/lapor/laporan/{listed.tracking_number}/"
    client.get(detail)
    client.post(reverse("care:support", args=[listed.tracking_number]))
    listed.refresh_from_db()
    assert listed.supporters_count == 1
    page = client.get(detail)
    assert page.context is not None  # rendered again, not the cached page


SINCE = "start_date=2000-01-01T00:00:00Z"  # the list is the last 90 days by default


def test_open311_reads_are_kept_with_their_headers_and_dropped_on_change(
    client, listed, officer, category, django_assert_num_queries
):
    attribute = f.add_attribute(category)
    n = listed.tracking_number
    urls = [
        "/open311/v2/discovery.json",
        "/open311/v2/services.xml",
        f"/open311/v2/services/{category.code}.json",
        f"/open311/v2/requests.json?{SINCE}",
        f"/open311/v2/requests.xml?{SINCE}",
        f"/open311/v2/requests/{n}.json",
    ]
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            kept = client.get(url)
        assert kept.content == first.content, url
        assert kept["Content-Type"] == first["Content-Type"], url
        assert kept["Access-Control-Allow-Origin"] == "*", url
    services.complaint_post_update(complaint=listed, by=officer, message="Tim sudah meninjau.")
    assert "Tim sudah meninjau." in client.get(f"/open311/v2/requests/{n}.json").content.decode()
    listing = client.get(f"/open311/v2/requests.json?{SINCE}").content.decode()
    assert "Tim sudah meninjau." in listing
    # A changed question of the category drops its definition.
    attribute.description = "Pertanyaan yang diubah"
    attribute.save()
    page = client.get(f"/open311/v2/services/{category.code}.json").content.decode()
    assert "Pertanyaan yang diubah" in page


def test_an_open311_post_is_never_answered_from_the_cache(client, listed):
    client.get("/open311/v2/requests.json")
    answer = client.post("/open311/v2/requests.json", {"service_code": "x"})
    assert answer.status_code in (400, 403)
    assert answer["Access-Control-Allow-Origin"] == "*"
