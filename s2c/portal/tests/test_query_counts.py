"""Lists cost the same number of queries whatever their length (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import factories as f

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/layanan/",
        "/instansi/",
        "/status/",
        "/api/v1/portal/services",
        "/api/v1/portal/agencies",
        "/api/v1/portal/offices",
        "/api/v1/portal/status",
        "/instansi/dinas-a/",
    ],
)
def test_lists_do_not_grow_with_rows(client, agency, url):
    def add(n):
        for _ in range(n):
            service = f.make_service(agency, life_events=["pendidikan"])
            f.make_endpoint(agency, url=f"https://x{service.pk}.example.test/")

    add(2)
    client.get(url)  # warm the caches
    few = queries(client, url)
    add(10)
    from django.core.cache import cache

    cache.clear()
    client.get(url)
    assert queries(client, url) == few


def test_service_page_query_budget(client, agency):
    service = f.make_service(agency, life_events=["pendidikan"], online_url="https://a.test/")
    f.make_endpoint(agency, url="https://a.test/", service=service)
    client.get(service.get_absolute_url())
    assert queries(client, service.get_absolute_url()) <= 12
