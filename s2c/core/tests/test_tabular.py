"""The one spreadsheet writer: formulas neutralised, numbers kept, iterators streamed."""

import csv
import io

from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from s2c.core import tabular


def _table(rows):
    return tabular.Table(headers=["name", "count"], rows=rows, sheet="things")


def test_every_formula_start_gets_an_apostrophe_in_csv():
    texts = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"]
    data = tabular.csv_bytes(_table([[t, 3] for t in texts]))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "count"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
        "a=b",
    ]
    assert [r[1] for r in rows[1:]] == ["3"] * len(texts)


def test_unescape_reverses_neutralise():
    for text in ["=1+1", "-x", "@a", "plain", "'quoted"]:
        assert tabular.unescape(tabular.neutralise(text)) == text
    assert tabular.neutralise(-5) == -5


def test_xlsx_cells_are_text_never_formulas_and_numbers_stay_numbers():
    table = tabular.Table(
        headers=["name", "count"],
        rows=[['=HYPERLINK("http://x")', 7], ["two\nlines", None]],
        sheet="things",
        preamble=[["A title"]],
        widths=(30, 10),
        freeze="A3",
    )
    sheet = load_workbook(io.BytesIO(tabular.xlsx_bytes(table)))["things"]
    assert sheet["A1"].value == "A title"
    assert [c.value for c in sheet[2]] == ["name", "count"] and sheet["A2"].font.b
    assert (sheet["A3"].value, sheet["A3"].data_type) == ('=HYPERLINK("http://x")', "s")
    assert (sheet["B3"].value, sheet["B3"].data_type) == (7, "n")
    assert sheet["A4"].alignment.wrap_text
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == 30


def test_an_iterator_of_rows_streams_as_csv():
    response = tabular.response(
        _table(iter([["a", 1], ["=b", 2]])), fmt="csv", filename="things.csv"
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body == "name,count\r\na,1\r\n'=b,2\r\n"


def test_a_list_of_rows_answers_in_one_piece():
    response = tabular.response(_table([["a", 1]]), fmt="xlsx", filename="things.xlsx")
    assert response["Content-Type"] == tabular.CONTENT_TYPES["xlsx"]
    assert response.content[:2] == b"PK"
