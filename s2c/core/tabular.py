"""The one spreadsheet writer: every service's CSV and XLSX exports go through it.

    table = tabular.Table(headers=["Agency", "Received"], rows=rows, sheet="Statistics")
    return tabular.response(table, fmt="csv", filename="stats.csv")

- Spreadsheet formula injection is neutralised: in CSV, text starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (``unescape`` takes
  it off again when a file is read back); in XLSX every text cell is typed as text, so
  nothing is ever a formula. Numbers stay numbers.
- Large exports stream: give ``rows`` as an iterator (e.g. over ``queryset.iterator()``)
  and the CSV answer is a ``StreamingHttpResponse`` written as the rows are read; the XLSX
  workbook is written in openpyxl's write-only mode (rows are not kept in memory, the
  finished file is). Rows given as a list are answered in one piece.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"  # lets spreadsheet programs see UTF-8


@dataclass
class Table:
    """What an export holds. ``rows`` may be an iterator (read once, as it is written).
    ``preamble`` rows (a title, say), ``widths`` (in characters, from column A) and
    ``freeze`` (a cell such as "C3") are for XLSX only; CSV is headers and rows."""

    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    sheet: str = "Sheet1"
    preamble: Sequence[Sequence[Any]] = ()
    widths: Sequence[float] = ()
    freeze: str | None = None
    bold_headers: bool = field(default=True)


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, with a leading apostrophe; anything
    else as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def unescape(text: str) -> str:
    """Undo ``neutralise`` on text read back from a file."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


class _Line:
    """A file-like object that hands back what the csv writer writes (one line)."""

    def write(self, text: str) -> str:
        return text


def _csv_cell(value: Any) -> Any:
    return "" if value is None else neutralise(value)


def csv_chunks(table: Table) -> Iterator[bytes]:
    """The CSV file, a line at a time (UTF-8 with a BOM)."""
    writer = csv.writer(_Line())
    yield (_BOM + writer.writerow([_csv_cell(h) for h in table.headers])).encode()
    for row in table.rows:
        yield writer.writerow([_csv_cell(v) for v in row]).encode()


def csv_bytes(table: Table) -> bytes:
    return b"".join(csv_chunks(table))


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.sheet[:31])
    for number, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    if table.freeze:
        sheet.freeze_panes = table.freeze
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def cells(values, *, font=None):
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
                if "\n" in value:
                    cell.alignment = wrap
            if font is not None:
                cell.font = font
            out.append(cell)
        return out

    for row in table.preamble:
        sheet.append(cells(row))
    sheet.append(cells(table.headers, font=bold if table.bold_headers else None))
    for row in table.rows:
        sheet.append(cells(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_bytes(table: Table, fmt: str) -> bytes:
    return xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)


def response(table: Table, *, fmt: str, filename: str) -> HttpResponse | StreamingHttpResponse:
    """The table as a download: ``fmt`` "csv" or "xlsx"; a CSV whose rows are an iterator
    streams."""
    if fmt == "csv" and not isinstance(table.rows, list | tuple):
        answer = StreamingHttpResponse(csv_chunks(table), content_type=CONTENT_TYPES["csv"])
    else:
        answer = HttpResponse(to_bytes(table, fmt), content_type=CONTENT_TYPES[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer
