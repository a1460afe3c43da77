"""Background tasks and periodic jobs: schedules, the scheduler tick, heartbeats, the
recovery of tasks left by dead workers, and real worker processes killed mid-task."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from s2c.core.scheduler import register_periodic, schedule, services
from s2c.core.scheduler.models import PeriodicJob, PeriodicRun, WorkerHeartbeat
from s2c.core.scheduler.tests import support
from s2c.core.scheduler.worker import run_worker

UTC = dt.UTC
NOW = dt.datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # 08:00 in Palembang (WIB)
FIVE_MINUTES = dt.timedelta(minutes=5)
TASKS = DBTaskResult._meta.db_table


@pytest.fixture
def jobs(monkeypatch):
    """An empty periodic-job registry (apps register theirs at start-up)."""
    monkeypatch.setattr(schedule, "_jobs", {})
    support.CALLS.clear()
    yield
    support.CALLS.clear()


# --- Schedules -------------------------------------------------------------------------------


def test_bad_schedules_are_refused_with_a_clear_message(jobs):
    with pytest.raises(ValueError) as hourly:
        register_periodic("x", support.remember, every="hourly")
    assert str(hourly.value) == (
        "every must be a timedelta or 'daily HH:MM' (Asia/Jakarta time), not 'hourly'"
    )
    with pytest.raises(ValueError):
        register_periodic("x", support.remember, every="daily 24:00")
    with pytest.raises(ValueError) as too_often:
        register_periodic("x", support.remember, every=dt.timedelta(seconds=1))
    assert str(too_often.value) == "A periodic job must run at most every 0:00:10, not 0:00:01"
    with pytest.raises(TypeError):
        register_periodic("x", 42, every=FIVE_MINUTES)
    assert schedule.periodic_jobs() == []


def test_interval_slots_skip_what_was_missed_and_keep_their_alignment(jobs):
    spec = register_periodic("x", support.remember, every=FIVE_MINUTES)
    assert spec.first_due(NOW) == NOW
    assert spec.next_due(NOW, NOW) == NOW + FIVE_MINUTES
    assert spec.next_due(NOW, NOW + dt.timedelta(minutes=10)) == NOW + dt.timedelta(minutes=15)
    two_hours_later = NOW + dt.timedelta(hours=2, minutes=1)
    assert spec.next_due(NOW, two_hours_later) == NOW + dt.timedelta(hours=2, minutes=5)


def test_daily_jobs_run_at_jakarta_wall_clock_time(jobs):
    spec = register_periodic("x", "s2c.core.scheduler.tests.support.remember", every="daily 02:30")
    assert spec.describe() == "daily 02:30 Asia/Jakarta"
    # 08:00 WIB on 3 March: next is 02:30 WIB on 4 March, which is 19:30 UTC on 3 March.
    assert spec.first_due(NOW) == dt.datetime(2025, 3, 3, 19, 30, tzinfo=UTC)
    # 02:00 WIB: the same night's 02:30.
    assert spec.first_due(dt.datetime(2025, 3, 2, 19, 0, tzinfo=UTC)) == dt.datetime(
        2025, 3, 2, 19, 30, tzinfo=UTC
    )
    after_a_long_stop = dt.datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
    assert spec.next_due(spec.first_due(NOW), after_a_long_stop) == dt.datetime(
        2025, 3, 5, 19, 30, tzinfo=UTC
    )


# --- The scheduler tick ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_and_its_state_kept(jobs):
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES, kwargs={"label": "a"})
    assert services.scheduler_tick(now=NOW) == ["test.remember"]
    assert services.scheduler_tick(now=NOW + dt.timedelta(minutes=1)) == []
    assert support.CALLS == ["a"]
    job = PeriodicJob.objects.get(key="test.remember")
    assert job.task_path == "s2c.core.scheduler.tests.support.remember"
    assert job.schedule == "every 300s"
    assert job.last_enqueued_at == NOW
    assert job.next_due_at == NOW + FIVE_MINUTES
    assert job.last_result == "SUCCESSFUL"
    assert list(job.runs.values_list("slot", flat=True)) == [NOW]


@pytest.mark.django_db
def test_after_a_restart_a_job_missed_many_times_runs_once(jobs):
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES)
    services.scheduler_tick(now=NOW)
    # The worker was down for two hours; a new process registers the job again.
    schedule._jobs.clear()
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES)
    later = NOW + dt.timedelta(hours=2, minutes=1)
    assert services.scheduler_tick(now=later) == ["test.remember"]
    assert services.scheduler_tick(now=later) == []
    assert support.CALLS == ["ran", "ran"]
    job = PeriodicJob.objects.get(key="test.remember")
    assert job.next_due_at == NOW + dt.timedelta(hours=2, minutes=5)
    assert job.runs.count() == 2


@pytest.mark.django_db
def test_a_slot_already_enqueued_elsewhere_is_not_enqueued_again(jobs):
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES)
    services.scheduler_tick(now=NOW)
    job = PeriodicJob.objects.get(key="test.remember")
    PeriodicRun.objects.create(job=job, slot=NOW + FIVE_MINUTES, enqueued_at=NOW)
    assert services.scheduler_tick(now=NOW + dt.timedelta(minutes=6)) == []
    assert support.CALLS == ["ran"]
    job.refresh_from_db()
    assert job.next_due_at == NOW + dt.timedelta(minutes=10)


@pytest.mark.django_db
def test_disabled_jobs_wait_and_broken_jobs_do_not_stop_the_others(jobs):
    register_periodic(
        "a.broken", "s2c.core.scheduler.tests.support.PROJECT_DIR", every=FIVE_MINUTES
    )
    register_periodic("b.off", support.remember, every=FIVE_MINUTES, kwargs={"label": "off"})
    register_periodic("c.ok", support.remember, every=FIVE_MINUTES, kwargs={"label": "ok"})
    services.scheduler_tick(now=NOW - dt.timedelta(minutes=30))  # creates the rows
    PeriodicJob.objects.filter(key="b.off").update(enabled=False)
    support.CALLS.clear()
    assert services.scheduler_tick(now=NOW) == ["c.ok"]
    assert support.CALLS == ["ok"]
    broken = PeriodicJob.objects.get(key="a.broken")
    assert broken.last_result == (
        "error: s2c.core.scheduler.tests.support.PROJECT_DIR is not a task "
        "(decorate it with @task())"
    )
    assert broken.next_due_at == NOW + FIVE_MINUTES


@pytest.mark.django_db
def test_a_changed_schedule_takes_effect(jobs):
    register_periodic("test.remember", support.remember, every="daily 02:30")
    services.scheduler_tick(now=NOW)
    assert PeriodicJob.objects.get().next_due_at == dt.datetime(2025, 3, 3, 19, 30, tzinfo=UTC)
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES)
    assert services.scheduler_tick(now=NOW + dt.timedelta(minutes=1)) == ["test.remember"]
    assert PeriodicJob.objects.get().schedule == "every 300s"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_ticking_at_the_same_moment_enqueue_a_slot_once(jobs):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL (SQLite: see the process test)")
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES)
    barrier = threading.Barrier(4)
    results = []

    def tick():
        barrier.wait()
        try:
            results.append(services.scheduler_tick(now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [[], [], [], ["test.remember"]]
    assert support.CALLS == ["ran"]
    assert PeriodicRun.objects.count() == 1


# --- Heartbeats and recovery ---------------------------------------------------------------------


def _running(worker_ids: list[str], started_at: dt.datetime) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="s2c.core.scheduler.tests.support.remember",
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=worker_ids,
        started_at=started_at,
    )


@pytest.mark.django_db
def test_tasks_of_workers_presumed_dead_go_back_to_the_queue(settings):
    settings.S2C_WORKER_LEASE_SECONDS = 60
    now = timezone.now()
    services.heartbeat_beat(
        worker_id="alive", hostname="h1", pid=1, now=now - dt.timedelta(seconds=10)
    )
    services.heartbeat_beat(
        worker_id="silent", hostname="h2", pid=1, now=now - dt.timedelta(seconds=90)
    )
    services.heartbeat_beat(worker_id="stopped", hostname="h3", pid=1, now=now)
    services.heartbeat_stop(worker_id="stopped", now=now)
    alive = _running(["alive"], now - dt.timedelta(hours=1))  # long tasks are fine
    silent = _running(["silent"], now - dt.timedelta(seconds=100))
    stopped = _running(["stopped"], now - dt.timedelta(seconds=5))
    stranger_new = _running(["plain-db-worker"], now - dt.timedelta(seconds=5))
    stranger_old = _running(["plain-db-worker"], now - dt.timedelta(seconds=600))

    recovered = services.tasks_recover_orphaned(now=now)

    assert sorted(recovered) == sorted(str(t.pk) for t in (silent, stopped, stranger_old))
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        alive.pk: "RUNNING",
        silent.pk: "READY",
        stopped.pk: "READY",
        stranger_new.pk: "RUNNING",
        stranger_old.pk: "READY",
    }
    silent.refresh_from_db()
    assert silent.started_at is None
    assert silent.worker_ids == ["silent"]
    assert services.tasks_recover_orphaned(now=now) == []


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_workers_is_failed(settings):
    settings.S2C_TASK_MAX_ATTEMPTS = 3
    poison = _running(["w1", "w2", "w3"], timezone.now() - dt.timedelta(hours=1))
    assert services.tasks_recover_orphaned() == [str(poison.pk)]
    poison.refresh_from_db()
    assert poison.status == "FAILED"
    assert poison.exception_class_path == "s2c.core.scheduler.services.WorkerLost"
    assert poison.traceback == (
        "WorkerLost: the task was started 3 times and its worker died each time; "
        "it is not retried again."
    )


@pytest.mark.django_db
def test_workers_on_this_host_whose_process_is_gone_are_reaped_at_once():
    finished = subprocess.Popen([sys.executable, "-c", ""])
    finished.wait()
    gone_pid = finished.pid
    now = timezone.now()
    services.heartbeat_beat(worker_id="gone", hostname="here", pid=gone_pid, now=now)
    services.heartbeat_beat(worker_id="parent", hostname="here", pid=os.getppid())
    services.heartbeat_beat(worker_id="remote", hostname="elsewhere", pid=gone_pid, now=now)
    assert services.heartbeats_reap_local(hostname="here", own_worker_id="me") == ["gone"]
    stopped = set(
        WorkerHeartbeat.objects.filter(stopped_at__isnull=False).values_list("worker_id", flat=True)
    )
    assert stopped == {"gone"}


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_and_periodic_tasks_and_records_their_results(jobs, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    register_periodic("test.remember", support.remember, every=FIVE_MINUTES, kwargs={"label": "p"})
    # An earlier process with the same --worker-id died while running this one.
    services.heartbeat_beat(worker_id="w1", hostname="elsewhere", pid=1)
    left_running = _running(["w1"], timezone.now())
    queued = support.remember.enqueue("queued")
    assert support.CALLS == []

    run_worker(queue_names=["default"], interval=0, tick_seconds=3600, batch=True, worker_id="w1")

    assert support.CALLS == ["ran", "queued", "p"]
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"] * 3
    assert DBTaskResult.objects.get(pk=queued.id).worker_ids == ["w1"]
    assert DBTaskResult.objects.get(pk=left_running.pk).worker_ids == ["w1", "w1"]
    assert PeriodicJob.objects.get(key="test.remember").last_result == "SUCCESSFUL"
    beat = WorkerHeartbeat.objects.get(worker_id="w1")
    assert beat.stopped_at is not None


# --- Real worker processes -------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def _start_worker(data: Path, log: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(support.PROJECT_DIR / "manage.py"),
            "s2c_worker",
            "--interval",
            "0.1",
            "--tick",
            "0.5",
            *extra,
        ],
        cwd=support.PROJECT_DIR,
        env=support.subprocess_env(data),
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def _query(data: Path, sql: str, *params):
    db = sqlite3.connect(data / "s2c.sqlite3", timeout=20)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def _task_state(data: Path, task_id: str) -> tuple[str, list]:
    rows = _query(
        data,
        f"SELECT status, worker_ids FROM {TASKS} WHERE id = ?",
        uuid.UUID(task_id).hex,
    )
    status, worker_ids = rows[0]
    return status, json.loads(worker_ids)


def _enqueue_wait(data: Path, work: Path) -> str:
    result = support.python(
        data,
        "from s2c.core.scheduler.tests.support import wait_for_release\n"
        f"print(wait_for_release.enqueue({str(work)!r}).id)",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_a_task_running_when_its_worker_is_killed_completes_once_after_a_restart(
    template_db, tmp_path
):
    data = support.migrated_copy(template_db, tmp_path / "data")
    work = tmp_path / "work"
    work.mkdir()
    log = tmp_path / "worker.log"
    task_id = _enqueue_wait(data, work)

    first = _start_worker(data, log, "--no-scheduler")
    try:
        support.wait_for(lambda: _lines(work / "starts.log"), what="the task to start")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    status, worker_ids = _task_state(data, task_id)
    assert (status, len(worker_ids)) == ("RUNNING", 1)

    (work / "release").touch()
    second = _start_worker(data, log, "--no-scheduler")
    try:
        support.wait_for(
            lambda: _task_state(data, task_id)[0] == "SUCCESSFUL", what="the task to finish"
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    assert second.returncode == 0, log.read_text()
    assert _lines(work / "starts.log") == [str(first.pid), str(second.pid)]
    assert _lines(work / "completions.log") == [str(second.pid)]
    assert len(_task_state(data, task_id)[1]) == 2
    assert _query(data, f"SELECT COUNT(*) FROM {TASKS}") == [(1,)]


def test_sigterm_lets_the_task_in_hand_finish_then_stops_cleanly(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    work = tmp_path / "work"
    work.mkdir()
    log = tmp_path / "worker.log"
    task_id = _enqueue_wait(data, work)
    worker = _start_worker(data, log, "--no-scheduler")
    try:
        support.wait_for(lambda: _lines(work / "starts.log"), what="the task to start")
        worker.send_signal(signal.SIGTERM)
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1)  # still finishing its task
        (work / "release").touch()
        assert worker.wait(timeout=30) == 0, log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert _task_state(data, task_id)[0] == "SUCCESSFUL"
    assert _query(
        data, "SELECT COUNT(*) FROM scheduler_workerheartbeat WHERE stopped_at IS NULL"
    ) == [(0,)]


def test_two_workers_starting_together_enqueue_each_periodic_slot_once(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    log = tmp_path / "workers.log"
    workers = [_start_worker(data, log), _start_worker(data, log)]
    try:
        # A heartbeat refreshed after the start: the worker's startup tick (recovery and
        # periodic jobs) is done and its loop runs.
        support.wait_for(
            lambda: (
                _query(
                    data,
                    "SELECT COUNT(*) FROM scheduler_workerheartbeat "
                    "WHERE stopped_at IS NULL AND last_seen_at > started_at",
                )
                == [(2,)]
            ),
            what="both workers",
        )
        time.sleep(1)  # a few more ticks of both
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    assert [w.returncode for w in workers] == [0, 0], log.read_text()
    per_job = _query(
        data,
        "SELECT j.key, COUNT(r.id) FROM scheduler_periodicjob j "
        "LEFT JOIN scheduler_periodicrun r ON r.job_id = j.id GROUP BY j.key",
    )
    assert per_job, "no periodic job was registered"
    due_now = [key for key, count in per_job if count]
    assert "notifications.requeue-stale" in due_now
    assert {count for key, count in per_job if count} == {1}
    tasks = _query(data, f"SELECT task_path, COUNT(*) FROM {TASKS} GROUP BY task_path")
    assert {count for _path, count in tasks} == {1}
