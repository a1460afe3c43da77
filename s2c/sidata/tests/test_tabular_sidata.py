"""Tabular resources: parsing CSV and XLSX, inferred types, statistics, and the query API
(filter, sort, fields, limit, offset; JSON and CSV), with its errors and who may query."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from s2c.core.tests import factories

from .. import datasets as ds
from .. import tabular
from .factories_datasets import POPULATION_CSV, Named, dataset

pytestmark = pytest.mark.django_db


def test_types_are_inferred_per_column():
    table = tabular.parse(POPULATION_CSV, "CSV")
    assert [(c.name, c.type) for c in table.columns] == [
        ("kode", "integer"),
        ("kabupaten_kota", "text"),
        ("tahun", "integer"),
        ("penduduk", "integer"),
        ("luas_km2", "number"),
        ("kota", "boolean"),
    ]
    assert table.rows[0] == [1671, "Palembang", 2024, 1772492, 400.61, True]
    assert table.rows[3][3] is None  # an empty cell is null


def test_semicolons_dates_duplicate_headers_and_formula_text():
    data = "tanggal;nilai;nilai;catatan\n2024-01-31;1,5;3;'=SUM(A1)\n2024-02-29;2;4;ok\n"
    table = tabular.parse(data.encode(), "CSV")
    assert table.names == ["tanggal", "nilai", "nilai_2", "catatan"]
    assert [c.type for c in table.columns] == ["date", "text", "integer", "text"]
    assert table.rows[0][0] == dt.date(2024, 1, 31)
    assert table.rows[0][3] == "=SUM(A1)"  # read back as written before neutralising


def test_statistics_per_column():
    stats = {s["name"]: s for s in tabular.statistics(tabular.parse(POPULATION_CSV, "CSV"))}
    people = stats["penduduk"]
    assert (people["count"], people["nulls"], people["min"], people["max"]) == (
        4,
        1,
        199000,
        1772492,
    )
    assert people["mean"] == round((1772492 + 380000 + 434000 + 199000) / 4, 6)
    assert stats["kota"]["top"][0] == {"value": True, "count": 3}
    assert stats["tahun"]["top"] == [{"value": 2024, "count": 4}, {"value": 2023, "count": 1}]
    assert "mean" not in stats["kabupaten_kota"]


def test_xlsx_is_read_like_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(["kabupaten", "sekolah", "tanggal"])
    sheet.append(["Banyuasin", 412, dt.datetime(2024, 7, 1)])
    sheet.append(["Musi Rawas", 301.0, dt.datetime(2024, 7, 2)])
    out = io.BytesIO()
    book.save(out)
    table = tabular.parse(out.getvalue(), "XLSX")
    assert [c.type for c in table.columns] == ["text", "integer", "date"]
    assert table.rows[1] == ["Musi Rawas", 301, dt.date(2024, 7, 2)]


def test_queries_filter_sort_select_and_page():
    table = tabular.parse(POPULATION_CSV, "CSV")
    query = tabular.build_query(
        table,
        where=["tahun=2024", "luas_km2>=400"],
        sort="-penduduk",
        fields="kabupaten_kota,penduduk",
        limit=2,
        offset=0,
    )
    result = tabular.run(table, query)
    assert result["total"] == 4
    assert result["records"] == [
        {"kabupaten_kota": "Palembang", "penduduk": 1772492},
        {"kabupaten_kota": "Ogan Ilir", "penduduk": 434000},
    ]
    # Nulls sort last either way; != and text equality.
    query = tabular.build_query(table, where=["kabupaten_kota!=Palembang"], sort="penduduk")
    names = [r["kabupaten_kota"] for r in tabular.run(table, query)["records"]]
    assert names == ["Prabumulih", "Ogan Komering Ulu", "Ogan Ilir", "Lubuk Linggau"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"where": ["nope=1"]}, "Unknown column: nope"),
        ({"where": ["tahun>=abc"]}, "abc is not a valid integer for column tahun."),
        ({"where": ["luas_km2>inf"]}, "inf is not a valid number for column luas_km2."),
        (
            {"where": ["kabupaten_kota>A"]},
            "Column kabupaten_kota is not a number or a date: use = or !=.",
        ),
        ({"where": ["justtext"]}, "A filter reads column=value (or !=, >, >=, <, <=): justtext"),
        ({"sort": "-nope"}, "Unknown column: nope"),
        ({"limit": "10001"}, "limit must be between 0 and 10000."),
        ({"offset": "-1"}, "offset must be between 0 and 200000."),
        ({"limit": "9" * 40}, "limit must be between 0 and 10000."),
        ({"limit": "x"}, "limit must be a whole number."),
    ],
)
def test_bad_queries_get_clear_errors(kwargs, message):
    table = tabular.parse(POPULATION_CSV, "CSV")
    with pytest.raises(tabular.TableError) as exc:
        tabular.build_query(table, **kwargs)
    assert exc.value.message == message


def test_the_query_api_answers_json_and_csv(client, agency, officer):
    made = dataset(agency, officer)
    resource = made.resources.get()
    url = f"/api/v1/sidata/resources/{resource.public_id}/query"
    body = client.get(url, {"where": ["kota=ya"], "sort": "kode", "fields": "kode"}).json()
    assert body["records"] == [{"kode": 1671}, {"kode": 1672}, {"kode": 1674}]
    assert body["fields"] == [{"name": "kode", "type": "integer"}]
    response = client.get(url, {"format": "csv", "where": "tahun=2023"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["kode", "kabupaten_kota"] and rows[1][:2] == ["1672", "Prabumulih"]
    bad = client.get(url, {"where": "nope=1"}, headers={"accept-language": "en"})
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "Unknown column: nope"
    assert client.get(url, {"limit": "99999999999999999999"}).status_code == 422
    schema = client.get(f"/api/v1/sidata/resources/{resource.public_id}/schema").json()
    assert schema["rows"] == 5 and schema["fields"][3] == {"name": "penduduk", "type": "integer"}


def test_someone_else_cannot_query_a_draft(client, agency, officer):
    draft = dataset(agency, officer, publish=False)
    resource = draft.resources.get()
    url = f"/api/v1/sidata/resources/{resource.public_id}/query"
    assert client.get(url).status_code == 404
    client.force_login(factories.make_officer(factories.make_agency()))
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).json()["total"] == 5


def test_a_json_resource_is_not_queried_as_a_table(client, agency, officer):
    made = dataset(agency, officer, csv=None, publish=False)
    resource = ds.resource_add(dataset=made, by=officer, name="J", file=Named(b"[1]", "a.json"))
    client.force_login(officer)
    schema_url = f"/api/v1/sidata/resources/{resource.public_id}/schema"
    response = client.get(schema_url, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "This resource is not a table (CSV or XLSX)."
    response = client.get(schema_url, headers={"accept-language": "id"})
    assert response.json()["error"]["message"] == "Sumber data ini bukan tabel (CSV atau XLSX)."
