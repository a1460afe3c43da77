"""Tabular resources (CSV and XLSX): read a resource's table, infer its schema, count
statistics per column, and answer queries (filter, sort, limit, offset, fields) so that a
developer uses the data without downloading the whole file. Answers go out through
``s2c.core.tabular`` (the one CSV writer, with its formula neutralising).

Types inferred per column, the narrowest that fits every non-empty value:
integer, number, date (``YYYY-MM-DD``), boolean (true/false, ya/tidak, yes/no), text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from s2c.core import tabular as core_tabular
from s2c.core.errors import ApplicationError

from .models import Resource

MAX_ROWS = 200_000  # a table larger than this is read up to here only
MAX_COLUMNS = 200
MAX_LIMIT = 10_000
PREVIEW_ROWS = 20
TOP_VALUES = 5

INTEGER, NUMBER, DATE, BOOLEAN, TEXT = "integer", "number", "date", "boolean", "text"
_TRUE = {"true", "ya", "yes", "y", "1"}
_FALSE = {"false", "tidak", "no", "n", "0"}
_INT = re.compile(r"^[+-]?\d{1,18}$")
_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TableError(ApplicationError):
    status_code = 400
    code = "invalid_query"


@dataclass
class Column:
    name: str
    type: str


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]]  # typed values (None for empty)
    truncated: bool = False

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


# --- Reading -------------------------------------------------------------------------------


def _raw_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect)):
        if number > MAX_ROWS:
            break
        rows.append([core_tabular.unescape(cell.strip()) for cell in row[:MAX_COLUMNS]])
    return rows


def _raw_xlsx(data: bytes) -> list[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise TableError(_("This spreadsheet cannot be read.")) from exc
    sheet = book.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if number > MAX_ROWS:
            break
        rows.append(list(row[:MAX_COLUMNS]))
    book.close()
    return rows


def _headers(first: Sequence[Any]) -> list[str]:
    names: list[str] = []
    for i, value in enumerate(first):
        name = " ".join(str(value if value is not None else "").split())[:100] or f"column_{i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def _is_int(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    if isinstance(v, float):
        return v.is_integer() and abs(v) < 1e18
    return isinstance(v, str) and bool(_INT.match(v))


def _is_num(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return math.isfinite(v)
    return isinstance(v, str) and bool(_NUM.match(v))


def _is_date(v: Any) -> bool:
    if isinstance(v, dt.datetime | dt.date):
        return True
    if isinstance(v, str) and _DATE.match(v):
        try:
            dt.date.fromisoformat(v)
            return True
        except ValueError:
            return False
    return False


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool) or (isinstance(v, str) and v.lower() in _TRUE | _FALSE)


def infer_type(values: Iterable[Any]) -> str:
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return TEXT
    for kind, test in ((INTEGER, _is_int), (NUMBER, _is_num), (DATE, _is_date)):
        if all(test(v) for v in present):
            return kind
    if all(_is_bool(v) for v in present) and not all(str(v) in "01" for v in present):
        return BOOLEAN
    return TEXT


def convert(value: Any, kind: str) -> Any:
    """One cell as its column's type (None when empty); raises ValueError when it does
    not fit (used for query values)."""
    if value is None or value == "":
        return None
    if kind == INTEGER:
        return int(float(value)) if isinstance(value, float) else int(value)
    if kind == NUMBER:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not finite")
        return int(number) if isinstance(value, int) else number
    if kind == DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))
    if kind == BOOLEAN:
        if isinstance(value, bool):
            return value
        low = str(value).lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError("not a boolean")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(data: bytes, fmt: str) -> Table:
    raw = _raw_xlsx(data) if fmt == "XLSX" else _raw_csv(data)
    raw = [r for r in raw if any(v not in (None, "") for v in r)]
    if not raw:
        return Table(columns=[], rows=[])
    names = _headers(raw[0])
    width = len(names)
    body = [(list(r) + [None] * width)[:width] for r in raw[1:]]
    truncated = len(raw) > MAX_ROWS
    columns = []
    for i, name in enumerate(names):
        columns.append(Column(name, infer_type(row[i] for row in body)))
    rows = [[convert(row[i], columns[i].type) for i in range(width)] for row in body]
    return Table(columns=columns, rows=rows, truncated=truncated)


_cache: OrderedDict[str, Table] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 16


def table_of(resource: Resource) -> Table:
    """The resource's table (kept for the last few files read, by their SHA-256)."""
    if not resource.is_tabular:
        raise TableError(_("This resource is not a table (CSV or XLSX)."), code="not_tabular")
    key = f"{resource.sha256}:{resource.format}"
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        with resource.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise TableError(_("The file of this resource is missing."), code="file_missing") from exc
    table = parse(data, resource.format)
    with _cache_lock:
        _cache[key] = table
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return table


# --- Schema, preview, statistics -------------------------------------------------------------


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema(table: Table) -> dict:
    """A Frictionless-style Table Schema (``fields`` with name and type)."""
    return {"fields": [{"name": c.name, "type": c.type} for c in table.columns]}


def preview(table: Table, rows: int = PREVIEW_ROWS) -> dict:
    return {
        "fields": table.names,
        "rows": [[json_value(v) for v in row] for row in table.rows[:rows]],
        "total": len(table.rows),
    }


def statistics(table: Table) -> list[dict]:
    """Per column: count of values, nulls, distinct values, the top values, and for
    numbers (and dates: min and max) min, max and mean."""
    out = []
    for i, column in enumerate(table.columns):
        values = [row[i] for row in table.rows]
        present = [v for v in values if v is not None]
        counts = Counter(present)
        entry: dict[str, Any] = {
            "name": column.name,
            "type": column.type,
            "count": len(present),
            "nulls": len(values) - len(present),
            "distinct": len(counts),
            "top": [
                {"value": json_value(v), "count": n} for v, n in counts.most_common(TOP_VALUES)
            ],
        }
        if column.type in (INTEGER, NUMBER) and present:
            entry["min"], entry["max"] = min(present), max(present)
            entry["mean"] = round(math.fsum(present) / len(present), 6)
        elif column.type == DATE and present:
            entry["min"], entry["max"] = json_value(min(present)), json_value(max(present))
        out.append(entry)
    return out


# --- Queries ---------------------------------------------------------------------------------

_OPERATORS = ("!=", ">=", "<=", ">", "<", "=")


@dataclass
class Query:
    filters: list[tuple[str, str, Any]]
    sort: list[tuple[str, bool]]  # (column, descending)
    fields: list[str]
    limit: int = 100
    offset: int = 0


def _column(table: Table, name: str) -> int:
    try:
        return table.names.index(name)
    except ValueError:
        raise TableError(_("Unknown column: %(name)s") % {"name": name[:100]}) from None


def build_query(
    table: Table,
    *,
    where: Sequence[str] = (),
    sort: str = "",
    fields: str = "",
    limit: Any = 100,
    offset: Any = 0,
) -> Query:
    """Parse a query's parameters: ``where`` items such as ``tahun>=2020`` or
    ``kabupaten=Ogan Ilir``, ``sort`` as ``col,-other``, ``fields`` as ``a,b``."""
    filters = []
    for item in where:
        for op in _OPERATORS:
            name, found, value = str(item).partition(op)
            if found and name:
                break
        else:
            raise TableError(
                _("A filter reads column=value (or !=, >, >=, <, <=): %(f)s")
                % {"f": str(item)[:100]}
            )
        index = _column(table, name.strip())
        kind = table.columns[index].type
        if op not in ("=", "!=") and kind not in (INTEGER, NUMBER, DATE):
            raise TableError(
                _("Column %(name)s is not a number or a date: use = or !=.") % {"name": name}
            )
        try:
            typed = convert(value.strip(), kind)
        except (ValueError, OverflowError):
            raise TableError(
                _("%(value)s is not a valid %(type)s for column %(name)s.")
                % {"value": value[:50], "type": kind, "name": name}
            ) from None
        filters.append((table.names[index], op, typed))
    order = []
    for part in [p.strip() for p in str(sort or "").split(",") if p.strip()]:
        descending = part.startswith("-")
        order.append((table.names[_column(table, part.lstrip("-+"))], descending))
    chosen = [f.strip() for f in str(fields or "").split(",") if f.strip()]
    for name in chosen:
        _column(table, name)
    return Query(
        filters=filters,
        sort=order,
        fields=chosen or table.names,
        limit=_bounded(limit, "limit", 0, MAX_LIMIT),
        offset=_bounded(offset, "offset", 0, MAX_ROWS),
    )


def _bounded(value: Any, name: str, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise TableError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= number <= high:
        raise TableError(
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return number


def _matches(value: Any, op: str, wanted: Any) -> bool:
    if op == "=":
        return value == wanted
    if op == "!=":
        return value != wanted
    if value is None or wanted is None:
        return False
    return {
        ">": value > wanted,
        ">=": value >= wanted,
        "<": value < wanted,
        "<=": value <= wanted,
    }[op]


def run(table: Table, query: Query) -> dict:
    """The matching rows (as dicts of the chosen fields), with the total before paging."""
    idx = {name: i for i, name in enumerate(table.names)}
    rows = [
        row for row in table.rows if all(_matches(row[idx[n]], op, v) for n, op, v in query.filters)
    ]
    for name, descending in reversed(query.sort):
        i = idx[name]
        # None sorts last either way
        present = [r for r in rows if r[i] is not None]
        missing = [r for r in rows if r[i] is None]
        present.sort(key=lambda r: r[i], reverse=descending)
        rows = present + missing
    page = rows[query.offset : query.offset + query.limit]
    chosen = [idx[f] for f in query.fields]
    return {
        "fields": [{"name": f, "type": table.columns[idx[f]].type} for f in query.fields],
        "total": len(rows),
        "limit": query.limit,
        "offset": query.offset,
        "records": [{table.names[i]: json_value(r[i]) for i in chosen} for r in page],
    }


def csv_response(result: dict, *, filename: str):
    names = [f["name"] for f in result["fields"]]
    table = core_tabular.Table(
        headers=names, rows=[[rec[n] for n in names] for rec in result["records"]]
    )
    return core_tabular.response(table, fmt="csv", filename=filename)
