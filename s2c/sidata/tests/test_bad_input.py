"""Bad input on every public list and search of Sidata: control characters, huge numbers,
inf/nan, unknown codes: a clear answer, never a server error (on PostgreSQL too, which
refuses NUL in text)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BAD = ["%00", "a%00b", "99999999999999999999999", "1e309", "nan", "inf", "-1", "%C2%B2", "x" * 300]
PAGES = [
    "/sidata/?year={v}&tag={v}&classification={v}&agency={v}&access={v}&page={v}",
    "/sidata/dataset/?q={v}&organization={v}&tags={v}&groups={v}&page={v}&sort={v}",
    "/sidata/catalog.jsonld?page={v}&modified_since={v}",
    "/sidata/api/3/action/package_search?q={v}&fq=tags:{v}&rows={v}&start={v}&sort={v}",
    "/sidata/api/3/action/package_show?id={v}",
    "/sidata/api/3/action/organization_show?id={v}",
    "/sidata/api/3/action/tag_list?query={v}",
    "/api/v1/sidata/documents?year={v}&tag={v}&agency={v}&classification={v}&page={v}",
    "/api/v1/sidata/datasets?q={v}&page={v}",
]


@pytest.mark.parametrize("page", PAGES)
def test_bad_values_never_break_a_page(client, page, file_it):
    file_it(title="Laporan umum", access="public")
    for value in BAD:
        response = client.get(page.format(v=value))
        assert response.status_code < 500, (page, value, response.status_code)
