"""Page weight on 3G: the citizen pages with everything they reference. The public list and
the tracking page stay within the shell's 100 KB; the report form carries the Leaflet map
(about 160 KB, cached after the first visit) and stays under 260 KB."""

import pytest

from s2c.core.tests.test_page_weight import referenced, static_size

from . import factories as f

pytestmark = pytest.mark.django_db
KB = 1024


def weight(client, url: str) -> tuple[int, set[str]]:
    response = client.get(url)
    assert response.status_code == 200
    urls = referenced(response.content.decode())
    return len(response.content) + sum(static_size(u) for u in urls), urls


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/lapor/laporan/", 100 * KB),
        ("/lapor/lacak/", 100 * KB),
        ("/lapor/liga/", 100 * KB),
        ("/lapor/", 260 * KB),
    ],
)
def test_citizen_pages_within_budget(client, category, verifier, url, budget):
    for _ in range(5):
        f.make_complaint(category, status="verified", verifier=verifier)
    total, urls = weight(client, url)
    assert total <= budget, f"{url} weighs {total // KB} KB"
    assert all(u.startswith("/static/") for u in urls)
