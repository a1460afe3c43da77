"""The search page (/cari/) is kept whole for anonymous visitors by core's page cache,
and made again once the search index changes (its own version) or a page-changing write
commits."""

import pytest

from s2c.core import pagecache, search
from s2c.core.search import cache as search_cache
from s2c.core.tests import factories as core_f

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def stnk():
    bapenda = core_f.make_agency(code="bapenda", short_name="Bapenda", name="Bapenda")
    service = f.make_service(bapenda, code="bapenda-stnk", name="Perpanjangan STNK Tahunan")
    search.index_many([service])
    return service


def test_a_repeated_question_is_answered_from_the_page_cache(
    client, stnk, django_assert_num_queries
):
    first = client.get("/cari/", {"q": "stnk"})
    assert "Perpanjangan STNK Tahunan" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get("/cari/", {"q": "stnk"})
    assert "Perpanjangan STNK Tahunan" in again.content.decode()


@pytest.mark.parametrize("change", [search_cache.changed, pagecache.bump])
def test_the_page_is_made_again_after_an_index_or_page_change(client, stnk, change):
    client.get("/cari/", {"q": "stnk"})
    change()
    assert client.get("/cari/", {"q": "stnk"}).context is not None  # rendered, not kept


def test_signed_in_people_get_their_own_results(client, stnk, officer):
    client.get("/cari/", {"q": "stnk"})
    client.force_login(officer)
    assert client.get("/cari/", {"q": "stnk"}).context is not None
