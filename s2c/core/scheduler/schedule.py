"""Periodic job definitions and their schedule arithmetic (no database here).

A job runs either every fixed interval (``every=timedelta(minutes=5)``) or once a day at a
wall-clock time in Asia/Jakarta (``every="daily 02:30"``). Due times are aligned "slots":
a job that was due while no worker ran is run once when a worker comes back, never once
per missed slot.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string
from django_tasks.base import Task

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
_DAILY = re.compile(r"^daily\s+(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")
MIN_INTERVAL = dt.timedelta(seconds=10)


@dataclass(frozen=True)
class PeriodicSpec:
    """One registered periodic job."""

    key: str
    task: Any  # a django_tasks Task, or its dotted path (resolved when it is due)
    interval: dt.timedelta | None = None
    daily_at: dt.time | None = None
    kwargs: dict = field(default_factory=dict)

    @property
    def task_path(self) -> str:
        if isinstance(self.task, str):
            return self.task
        return self.task.module_path

    def resolve_task(self):
        """The Task object; raises ``TypeError`` when the path names something else."""
        task = import_string(self.task) if isinstance(self.task, str) else self.task
        if not isinstance(task, Task):
            raise TypeError(f"{self.task_path} is not a task (decorate it with @task())")
        return task

    def describe(self) -> str:
        """A stable, human-readable schedule, stored so a changed schedule is noticed."""
        if self.daily_at is not None:
            return f"daily {self.daily_at:%H:%M} Asia/Jakarta"
        return f"every {int(self.interval.total_seconds())}s"

    def first_due(self, now: dt.datetime) -> dt.datetime:
        """When a newly registered job is first due: interval jobs at once, daily jobs at
        their next wall-clock time."""
        if self.daily_at is not None:
            return _next_daily(self.daily_at, now)
        return now

    def next_due(self, slot: dt.datetime, now: dt.datetime) -> dt.datetime:
        """The first slot strictly after ``now`` following ``slot`` (missed slots are
        skipped, alignment is kept)."""
        if self.daily_at is not None:
            return _next_daily(self.daily_at, max(slot, now))
        if slot > now:
            return slot
        missed = (now - slot) // self.interval
        return slot + self.interval * (missed + 1)


def _next_daily(at: dt.time, after: dt.datetime) -> dt.datetime:
    local = after.astimezone(JAKARTA)
    candidate = dt.datetime.combine(local.date(), at, tzinfo=JAKARTA)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), at, tzinfo=JAKARTA)
    return candidate.astimezone(dt.UTC)


def parse_every(every: dt.timedelta | str) -> tuple[dt.timedelta | None, dt.time | None]:
    """``timedelta`` (at least 10 seconds) or ``"daily HH:MM"`` (Asia/Jakarta)."""
    if isinstance(every, dt.timedelta):
        if every < MIN_INTERVAL:
            raise ValueError(f"A periodic job must run at most every {MIN_INTERVAL}, not {every}")
        return every, None
    if isinstance(every, str):
        match = _DAILY.match(every.strip())
        if match:
            return None, dt.time(int(match["h"]), int(match["m"]))
    raise ValueError(
        f"every must be a timedelta or 'daily HH:MM' (Asia/Jakarta time), not {every!r}"
    )


_jobs: dict[str, PeriodicSpec] = {}


def register_periodic(
    key: str, task: Any, *, every: dt.timedelta | str, kwargs: dict | None = None
) -> PeriodicSpec:
    """Run ``task`` (a Task or its dotted path) periodically from ``s2c worker``.

    ``every`` is a ``timedelta`` or ``"daily HH:MM"`` in Asia/Jakarta time. Registering the
    same key again replaces the definition (apps call this from ``AppConfig.ready()``).
    """
    if not key or len(key) > 100:
        raise ValueError("A periodic job needs a key of 1 to 100 characters")
    if not isinstance(task, str) and not hasattr(task, "module_path"):
        raise TypeError("task must be a django_tasks Task or its dotted path")
    interval, daily_at = parse_every(every)
    spec = PeriodicSpec(key, task, interval=interval, daily_at=daily_at, kwargs=dict(kwargs or {}))
    _jobs[key] = spec
    return spec


def unregister_periodic(key: str) -> None:
    _jobs.pop(key, None)


def periodic_jobs() -> list[PeriodicSpec]:
    return sorted(_jobs.values(), key=lambda s: s.key)
