"""The ``counters`` cache: where sign-in lockouts and rate limits count, shared by every
worker process and every app server.

``settings.CACHES["counters"]`` is Redis when ``CACHE_URL`` names Redis (its ``add`` is
SET NX and its ``incr`` is INCR: atomic), else this backend, a table of the database
(``core_counter``, made by core's migrations, so ``s2c migrate``, the quick start and the
tests all have it).

Why not Django's ``DatabaseCache``: its ``incr`` is a ``get`` then a ``set``, so two
processes counting at once both read 4 and both write 5, and a limit of 5 lets through as
many attempts as there are workers. Here each operation is one SQL statement, atomic in
SQLite and PostgreSQL alike:

- ``add``: ``INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE <the old row has expired>``
  (a live counter is left alone; ``RETURNING`` tells whether a row was written);
- ``incr``: ``UPDATE ... SET value = value + n WHERE key = ... AND <not expired>
  RETURNING value`` (the row is locked for the statement, so no increment is lost);
- ``set``: the same upsert without the condition;
- ``count`` (what ``core.ratelimit`` uses): add-or-increment in one upsert, so a hit costs
  one statement, the window's first one included.

Only integers are stored (it counts; it is no general cache). Expired rows are skipped by
every read and deleted now and then by ``add`` (one ``add`` in ``CULL_EVERY``). The
statements join the caller's transaction, if any, like any other write.
"""

from __future__ import annotations

import random
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections, router

CULL_EVERY = 100
FOREVER = 2**52  # "never expires", as Unix time


class DatabaseCounters(BaseCache):
    """Django cache backend over ``core.models.Counter`` with atomic ``add`` and ``incr``."""

    def __init__(self, location, params):
        super().__init__(params)

    # --- plumbing -------------------------------------------------------------------------

    def _model(self):
        from .models import Counter  # the cache is configured before the apps are loaded

        return Counter

    def _run(self, sql: str, params: list, *, write: bool):
        model = self._model()
        alias = router.db_for_write(model) if write else router.db_for_read(model)
        connection = connections[alias]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("{table}", table), params)
            return cursor.fetchone() if "RETURNING" in sql or sql.startswith("SELECT") else None

    def _expires(self, timeout) -> float:
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is None:
            return FOREVER
        return time.time() + (timeout if timeout > 0 else -1)  # 0: expire at once

    @staticmethod
    def _integer(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"The counters cache stores integers only, not {value!r}")
        return value

    def _key(self, key, version) -> str:
        key = self.make_and_validate_key(key, version=version)
        if len(key) > 255:
            raise ValueError(f"A counter key is at most 255 characters: {key!r}")
        return key

    # --- the cache API ----------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        row = self._run(
            "SELECT value FROM {table} WHERE key = %s AND expires > %s",
            [self._key(key, version), time.time()],
            write=False,
        )
        return default if row is None else row[0]

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self._key(key, version)
        now = time.time()
        if random.randrange(CULL_EVERY) == 0:
            self._run("DELETE FROM {table} WHERE expires <= %s", [now], write=True)
        row = self._run(
            "INSERT INTO {table} (key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE {table}.expires <= %s RETURNING 1",
            [key, self._integer(value), self._expires(timeout), now],
            write=True,
        )
        return row is not None

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._run(
            "INSERT INTO {table} (key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "RETURNING 1",
            [self._key(key, version), self._integer(value), self._expires(timeout)],
            write=True,
        )

    def incr(self, key, delta=1, version=None) -> int:
        row = self._run(
            "UPDATE {table} SET value = value + %s WHERE key = %s AND expires > %s RETURNING value",
            [self._integer(delta), self._key(key, version), time.time()],
            write=True,
        )
        if row is None:
            raise ValueError(f"Key {key!r} not found.")
        return row[0]

    def count(self, key, timeout, version=None) -> int:
        """One more for ``key``, as one statement: a counter that is absent or expired starts
        again at 1 and lives ``timeout`` seconds; returns the new value. ``core.ratelimit``
        counts with this where the store has it (else ``add`` and ``incr``)."""
        now = time.time()
        row = self._run(
            "INSERT INTO {table} (key, value, expires) VALUES (%s, 1, %s) "
            "ON CONFLICT (key) DO UPDATE SET "
            "value = CASE WHEN {table}.expires > %s THEN {table}.value + 1 ELSE 1 END, "
            "expires = CASE WHEN {table}.expires > %s THEN {table}.expires "
            "ELSE excluded.expires END "
            "RETURNING value",
            [self._key(key, version), self._expires(timeout), now, now],
            write=True,
        )
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        row = self._run(
            "UPDATE {table} SET expires = %s WHERE key = %s AND expires > %s RETURNING 1",
            [self._expires(timeout), self._key(key, version), time.time()],
            write=True,
        )
        return row is not None

    def delete(self, key, version=None) -> bool:
        row = self._run(
            "DELETE FROM {table} WHERE key = %s RETURNING 1",
            [self._key(key, version)],
            write=True,
        )
        return row is not None

    def has_key(self, key, version=None) -> bool:
        return self.get(key, version=version) is not None

    def clear(self) -> None:
        self._run("DELETE FROM {table}", [], write=True)
