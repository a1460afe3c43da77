"""Fast bulk writes for data imports (the demo seed and the benchmark's million reports):
rows with explicit ids, written with COPY on PostgreSQL and executemany on SQLite, values
adapted by the database backend's own adapters. The caller holds the transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.db import connection, models


def _sqlite_datetime(value):
    """What Django's SQLite backend stores for an aware datetime: naive UTC as text."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return str(value)


class BulkWriter:
    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        self.columns = [f.column for f in self.fields]
        self.postgres = connection.vendor == "postgresql"
        self.adapters = [self._adapter(f) for f in self.fields]
        self._pairs = [(f.attname, a) for f, a in zip(self.fields, self.adapters, strict=True)]

    def _adapter(self, field):
        ops = connection.ops
        if isinstance(field, models.JSONField):
            return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
        if self.postgres:
            return None  # psycopg adapts datetimes, dates and booleans itself
        if isinstance(field, models.DateTimeField):
            return _sqlite_datetime
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        return None

    def row(self, values: dict) -> tuple:
        get = values.get
        return tuple(
            adapt(value) if adapt is not None and value is not None else value
            for value, adapt in ((get(name), adapt) for name, adapt in self._pairs)
        )

    def row_of(self, obj) -> tuple:
        return self.row(
            obj.__dict__
            if not isinstance(obj, models.Model)
            else {f.attname: getattr(obj, f.attname) for f in self.fields}
        )

    def write(self, rows: Iterable[tuple]) -> None:
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(rows))

    def next_id(self) -> int:
        """The first free id; the caller locks the table while it writes (see lock())."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(self.table)}")
            return (cursor.fetchone()[0] or 0) + 1

    def lock(self) -> None:
        """On PostgreSQL, keep other writers out of the table until commit (SQLite's
        IMMEDIATE transaction already holds the write lock)."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(self.table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )

    def sync_sequence(self) -> None:
        """After explicit ids, move PostgreSQL's identity sequence past them."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(self.table)}))",
                [self.table],
            )
