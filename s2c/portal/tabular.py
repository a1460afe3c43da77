"""The catalogue's spreadsheet layout, and reading it from CSV or XLSX (exports are
written by ``s2c.core.tabular``).

One row per service; the first row names the columns (any order, case-insensitive).
Lists (requirements, procedure steps) are one item per line inside the cell; codes
(life events, offices) are separated by semicolons. See docs/portal.md.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from s2c.core import tabular as core_tabular
from s2c.core.errors import ApplicationError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    key: str
    help: str
    required: bool = False


COLUMNS = [
    Column(
        "code",
        gettext_lazy(
            "Service code: lower-case letters, digits and hyphens; the "
            "row updates the service with this code or creates it"
        ),
        True,
    ),
    Column("agency", gettext_lazy("Agency code, e.g. bapenda"), True),
    Column("name", gettext_lazy("Name of the service"), True),
    Column("summary", gettext_lazy("One-sentence summary")),
    Column("description", gettext_lazy("Description")),
    Column("keywords", gettext_lazy("Other words people search with, separated by spaces")),
    Column("target_users", gettext_lazy("Who may apply")),
    Column("requirements", gettext_lazy("Requirements (persyaratan), one per line")),
    Column("steps", gettext_lazy("Procedure (prosedur), one step per line")),
    Column("processing_time_value", gettext_lazy("Processing time, a whole number")),
    Column("processing_time_unit", gettext_lazy("minutes, hours, working_days or days")),
    Column("processing_time_note", gettext_lazy("Note on the processing time")),
    Column("is_free", gettext_lazy("Free of charge: yes/no (ya/tidak)")),
    Column("cost", gettext_lazy("Cost or tariff")),
    Column("cost_amount", gettext_lazy("Amount to pay in whole rupiah, e.g. 150000")),
    Column("cost_legal_basis", gettext_lazy("Legal basis of the tariff")),
    Column("product", gettext_lazy("Product of the service")),
    Column("legal_basis", gettext_lazy("Legal basis")),
    Column("complaint_channel", gettext_lazy("Complaint channel")),
    Column("online_url", gettext_lazy("Online channel (http:// or https:// address)")),
    Column("life_events", gettext_lazy("Life event codes separated by semicolons")),
    Column("offices", gettext_lazy("Office codes separated by semicolons")),
    # Last, so the columns of older files and spreadsheets keep their letters.
    Column("name_en", gettext_lazy("Name of the service in English (optional)")),
    Column("summary_en", gettext_lazy("One-sentence summary in English (optional)")),
]
EXPORT_ONLY = ["status"]
COLUMN_KEYS = [c.key for c in COLUMNS]
LIST_LINES = {"requirements", "steps"}
LIST_CODES = {"life_events", "offices"}
_BULLET = re.compile(r"^\s*(?:\d{1,3}[.)]|[-•*])\s+")
TRUE = {"ya", "y", "yes", "true", "1", "gratis", "free"}
FALSE = {"tidak", "t", "no", "n", "false", "0", "berbayar", ""}


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the user sees it, values)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return core_tabular.unescape(str(value).strip())  # our own escape of formula-like text


def _sheet(raw_rows) -> Sheet:
    iterator = iter(raw_rows)
    header_row = next(iterator, None)
    if header_row is None:
        raise ApplicationError(_("The file is empty."), code="empty_file")
    headers = [_cell(h).lower().replace(" ", "_") for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    unknown = [h for h in headers if h not in COLUMN_KEYS and h not in EXPORT_ONLY]
    missing = [c.key for c in COLUMNS if c.required and c.key not in headers]
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    problems = []
    if unknown:
        problems.append(_("unknown columns: %(cols)s") % {"cols": ", ".join(unknown)})
    if missing:
        problems.append(_("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
    if duplicated:
        problems.append(_("repeated columns: %(cols)s") % {"cols": ", ".join(duplicated)})
    if problems:
        raise ApplicationError(
            _("The first row must name the columns; %(problems)s.")
            % {"problems": "; ".join(problems)},
            code="bad_header",
        )
    rows = []
    for number, raw in enumerate(iterator, start=2):
        values = {h: _cell(v) for h, v in zip(headers, raw, strict=False) if h}
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ApplicationError(
                _("A file may hold at most %(n)d services.") % {"n": MAX_ROWS}, code="too_big"
            )
        rows.append((number, values))
    return Sheet(headers=[h for h in headers if h], rows=rows)


def read(name: str, data: bytes) -> Sheet:
    """Parse an uploaded CSV or XLSX file (decided by its content, not only its name)."""
    if len(data) > MAX_BYTES:
        raise ApplicationError(_("The file is larger than 5 MB."), code="too_big")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ApplicationError(
            _("This does not look like an XLSX workbook; save it as .xlsx or .csv."),
            code="bad_file",
        )
    return _read_csv(data)


def _read_csv(data: bytes) -> Sheet:
    if b"\x00" in data[:4096]:
        raise ApplicationError(_("This is not a CSV or XLSX file."), code="bad_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            _("Save the CSV file with the UTF-8 encoding."), code="bad_encoding"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return _sheet(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(data: bytes) -> Sheet:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ApplicationError(
            _("The workbook cannot be read; save it again as .xlsx."), code="bad_file"
        ) from None
    try:
        sheet = (
            workbook["services"] if "services" in workbook.sheetnames else workbook.worksheets[0]
        )
        return _sheet(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def split_lines(value: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in value.splitlines() if line.strip()]


def split_codes(value: str) -> list[str]:
    return [c.strip() for c in re.split(r"[;,\n]", value) if c.strip()]


def parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    return None
