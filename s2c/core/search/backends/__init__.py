"""Full-text engines behind one small interface, chosen by the database in use:
SQLite FTS5 (the embedded default) or PostgreSQL full text."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .base import ALL, ANY, Backend

__all__ = ["ALL", "ANY", "Backend", "get_backend"]


def get_backend() -> Backend:
    # Each engine's module is loaded only on its database (the PostgreSQL one needs psycopg).
    vendor = connection.vendor
    if vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend()
    if vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    raise ImproperlyConfigured(f"S2C search supports SQLite and PostgreSQL, not {vendor}")
