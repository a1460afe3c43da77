"""Counters shared by every process and server: the rows behind the default ``counters``
cache (``s2c.core.counters.DatabaseCounters``), i.e. sign-in lockouts and rate limits."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """One integer under a cache key, until ``expires`` (Unix time, seconds)."""

    key = models.CharField(max_length=255, primary_key=True)
    value = models.BigIntegerField()
    expires = models.FloatField(db_index=True)

    class Meta:
        db_table = "core_counter"

    def __str__(self) -> str:
        return self.key
