"""``s2c worker``: django-tasks-db's worker loop plus, in a thread of the same process,
the heartbeat, the recovery of tasks left behind by dead workers, and the periodic jobs."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time

from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from . import services

logger = logging.getLogger("s2c.scheduler")
HOUSEKEEPING_EVERY = 3600.0


def new_worker_id() -> str:
    host = socket.gethostname()[:32]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"


class SchedulerThread(threading.Thread):
    """Every ``tick_seconds``: heartbeat, orphan recovery, due periodic jobs."""

    def __init__(self, *, worker_id: str, tick_seconds: float, run_scheduler: bool = True):
        super().__init__(name="s2c-scheduler", daemon=True)
        self.worker_id = worker_id
        self.hostname = socket.gethostname()
        self.tick_seconds = tick_seconds
        self.run_scheduler = run_scheduler
        self.stop_event = threading.Event()
        self._last_housekeeping = 0.0

    def tick_once(self, *, starting: bool = False) -> None:
        close_old_connections()
        steps = [
            lambda: services.heartbeat_beat(
                worker_id=self.worker_id, hostname=self.hostname, pid=os.getpid()
            ),
            lambda: services.heartbeats_reap_local(
                hostname=self.hostname, own_worker_id=self.worker_id
            ),
            lambda: services.tasks_recover_orphaned(
                starting_worker_id=self.worker_id if starting else None
            ),
        ]
        if self.run_scheduler:
            steps.append(services.scheduler_tick)
        if time.monotonic() - self._last_housekeeping > HOUSEKEEPING_EVERY:
            steps.append(services.housekeeping)
            self._last_housekeeping = time.monotonic()
        for step in steps:
            try:
                step()
            except Exception:  # the database may be briefly away; try again next tick
                logger.exception("Worker tick step failed")

    def run(self) -> None:
        try:
            while not self.stop_event.wait(self.tick_seconds):
                self.tick_once()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stop_event.set()


class SearchSyncThread(threading.Thread):
    """Every ``S2C_SEARCH_SYNC_SECONDS``: apply the recorded search document changes to
    the engine's index (``search.sync``), so a write reaches search within a second."""

    def __init__(self, *, every: float):
        super().__init__(name="s2c-search-sync", daemon=True)
        self.every = every
        self.stop_event = threading.Event()

    def sync_once(self) -> int:
        from s2c.core import search

        close_old_connections()
        try:
            return search.sync()
        except Exception:  # the database may be briefly away; try again next time
            logger.exception("Search index sync failed")
            return 0

    def run(self) -> None:
        try:
            while not self.stop_event.wait(self.every):
                self.sync_once()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stop_event.set()


def run_worker(
    *,
    queue_names: list[str],
    interval: float = 1.0,
    tick_seconds: float = 5.0,
    worker_id: str | None = None,
    max_tasks: int | None = None,
    batch: bool = False,
    run_scheduler: bool = True,
) -> None:
    """Run until SIGTERM/SIGINT (the task in hand is finished first), ``max_tasks`` tasks,
    or, with ``batch``, an empty queue."""
    from django.conf import settings

    worker_id = worker_id or new_worker_id()
    search_sync = SearchSyncThread(every=float(settings.S2C_SEARCH_SYNC_SECONDS))
    thread = SchedulerThread(
        worker_id=worker_id, tick_seconds=tick_seconds, run_scheduler=run_scheduler
    )
    # The first tick runs before any task is claimed: the heartbeat exists and what a
    # dead predecessor left RUNNING is back in the queue.
    thread.tick_once(starting=True)
    worker = Worker(
        queue_names=queue_names,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    logger.info("S2C worker %s started (queues %s)", worker_id, ",".join(queue_names))
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread.start()
    search_sync.start()
    worker.configure_signals()
    try:
        worker.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        thread.stop()
        search_sync.stop()
        thread.join(timeout=tick_seconds + 10)
        search_sync.join(timeout=60)
        if batch:
            search_sync.sync_once()  # what the batch's tasks wrote
        try:
            services.heartbeat_stop(worker_id=worker_id)
        except Exception:
            logger.exception("Could not record the worker's stop")
        logger.info("S2C worker %s stopped", worker_id)
