"""Writes of the scheduler: enqueue due periodic jobs, record worker heartbeats, and put
tasks whose worker died back in the queue. The worker calls these; so do the tests."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import schedule
from .models import PeriodicJob, PeriodicRun, WorkerHeartbeat

logger = logging.getLogger("s2c.scheduler")


def lease_seconds() -> int:
    """A worker whose heartbeat is older than this is presumed dead."""
    return int(getattr(settings, "S2C_WORKER_LEASE_SECONDS", 60))


def max_task_attempts() -> int:
    """How often a task is started before a task that keeps killing workers is failed."""
    return int(getattr(settings, "S2C_TASK_MAX_ATTEMPTS", 5))


# --- Periodic jobs -----------------------------------------------------------------------


def scheduler_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due; return the keys enqueued."""
    now = now or timezone.now()
    enqueued = []
    for spec in schedule.periodic_jobs():
        try:
            if _tick_job(spec, now):
                enqueued.append(spec.key)
        except Exception:  # one broken job must not stop the others
            logger.exception("Periodic job %s could not be scheduled", spec.key)
    return enqueued


def _locked_job(spec: schedule.PeriodicSpec, now: dt.datetime) -> PeriodicJob:
    job = PeriodicJob.objects.select_for_update().filter(key=spec.key).first()
    if job is None:
        try:
            with transaction.atomic():
                job = PeriodicJob.objects.create(
                    key=spec.key,
                    task_path=spec.task_path,
                    schedule=spec.describe(),
                    next_due_at=spec.first_due(now),
                )
        except IntegrityError:  # another worker created it just now
            job = PeriodicJob.objects.select_for_update().get(key=spec.key)
    if job.schedule != spec.describe() or job.task_path != spec.task_path:
        job.schedule = spec.describe()
        job.task_path = spec.task_path
        job.next_due_at = min(job.next_due_at, spec.first_due(now))
        job.save(update_fields=["schedule", "task_path", "next_due_at"])
    return job


def _tick_job(spec: schedule.PeriodicSpec, now: dt.datetime) -> bool:
    # The row lock (PostgreSQL) or the IMMEDIATE transaction (SQLite) serialises workers;
    # the unique (job, slot) row is the second guard.
    with transaction.atomic():
        job = _locked_job(spec, now)
        if not job.enabled or job.next_due_at > now:
            return False
        slot = job.next_due_at
        job.next_due_at = spec.next_due(slot, now)
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(job=job, slot=slot, enqueued_at=now)
        except IntegrityError:
            job.save(update_fields=["next_due_at"])
            return False
        job.last_enqueued_at = now
        try:
            result = spec.resolve_task().enqueue(**spec.kwargs)
        except Exception as exc:
            logger.exception("Periodic job %s could not be enqueued", spec.key)
            job.last_result = f"error: {exc}"[:300]
            job.save(update_fields=["next_due_at", "last_enqueued_at", "last_result"])
            return False
        run.task_id = str(result.id)
        run.save(update_fields=["task_id"])
        job.last_task_id = str(result.id)
        # The immediate backend (tests) has already run it; the database backend has not.
        job.last_result = str(result.status) if result.is_finished else "enqueued"
        job.last_finished_at = result.finished_at if result.is_finished else None
        job.save()
    return True


def periodic_result_record(*, task_id: str, status: str, finished_at: dt.datetime | None) -> int:
    """Store a finished task's status on the periodic job that enqueued it, if any."""
    return PeriodicJob.objects.filter(last_task_id=task_id).update(
        last_result=status, last_finished_at=finished_at or timezone.now()
    )


# --- Worker heartbeats ---------------------------------------------------------------------


def heartbeat_beat(
    *, worker_id: str, hostname: str, pid: int, now: dt.datetime | None = None
) -> None:
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_seen_at=now, stopped_at=None
    )
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, hostname=hostname, pid=pid, started_at=now, last_seen_at=now
        )


def heartbeat_stop(*, worker_id: str, now: dt.datetime | None = None) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=now or timezone.now())


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:  # a killed child its parent has not reaped yet is a zombie: dead too
        return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def heartbeats_reap_local(
    *, hostname: str, own_worker_id: str, now: dt.datetime | None = None
) -> list[str]:
    """Mark workers on this host whose process is gone as stopped at once, so a restart
    recovers their tasks without waiting for the lease to run out."""
    now = now or timezone.now()
    dead = []
    rows = WorkerHeartbeat.objects.filter(hostname=hostname, stopped_at__isnull=True).exclude(
        worker_id=own_worker_id
    )
    for beat in rows:
        if beat.pid == os.getpid() or _process_is_gone(beat.pid):
            dead.append(beat.worker_id)
    if dead:
        WorkerHeartbeat.objects.filter(worker_id__in=dead).update(stopped_at=now)
    return dead


class WorkerLost(Exception):
    """Recorded as a task's error when it was started too often by workers that died."""


def tasks_recover_orphaned(
    *, now: dt.datetime | None = None, starting_worker_id: str | None = None
) -> list[str]:
    """Put RUNNING tasks whose worker is no longer alive back to READY (or fail them when
    they have been started ``S2C_TASK_MAX_ATTEMPTS`` times). Returns the recovered ids.

    A worker is alive while its heartbeat is fresher than the lease and it has not
    stopped. A task whose worker never wrote a heartbeat (a plain ``db_worker``) is only
    recovered once it has been running longer than the lease. ``starting_worker_id`` is a
    worker that has not claimed anything yet: what its id still holds belongs to an
    earlier process that used the same ``--worker-id``."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=lease_seconds())
    known = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    live = set(
        WorkerHeartbeat.objects.filter(
            stopped_at__isnull=True, last_seen_at__gte=now - lease
        ).values_list("worker_id", flat=True)
    )
    live.discard(starting_worker_id)
    recovered = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at"
    )
    for row in running:
        owner = row.worker_ids[-1] if row.worker_ids else None
        if owner in live:
            continue
        if owner not in known and row.started_at and row.started_at > now - lease:
            continue  # unknown worker, still within its grace period
        same_claim = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= max_task_attempts():
            changed = same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=(
                    f"WorkerLost: the task was started {len(row.worker_ids)} times and its "
                    "worker died each time; it is not retried again."
                ),
            )
            action = "failed"
        else:
            changed = same_claim.update(status=TaskResultStatus.READY, started_at=None)
            action = "requeued"
        if changed:
            logger.warning("Task %s of dead worker %s %s", row.pk, owner, action)
            recovered.append(str(row.pk))
    return recovered


def housekeeping(*, now: dt.datetime | None = None) -> None:
    """Forget old periodic runs, long-stopped workers and search index changes older than
    S2C_SEARCH_CHANGES_KEEP_HOURS (an index that missed them is rebuilt on its next sync)."""
    from s2c.core.search.models import SearchChange

    now = now or timezone.now()
    keep = dt.timedelta(hours=settings.S2C_SEARCH_CHANGES_KEEP_HOURS)
    SearchChange.objects.filter(created_at__lt=now - keep).delete()
    PeriodicRun.objects.filter(slot__lt=now - dt.timedelta(days=30)).delete()
    WorkerHeartbeat.objects.filter(stopped_at__lt=now - dt.timedelta(days=7)).delete()
