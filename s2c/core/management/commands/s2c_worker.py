"""Run background tasks and periodic jobs: ``s2c worker`` (``manage.py s2c_worker``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from s2c.core.scheduler.worker import run_worker


class Command(BaseCommand):
    help = (
        "Run queued background tasks and the periodic jobs, until SIGTERM or SIGINT (the "
        "task in hand is finished first). Run as many as you need, on any machines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", default="default", help="Queues to process, comma-separated ('*': all)."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when the queue is empty (default: 1).",
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=float(getattr(settings, "S2C_WORKER_TICK_SECONDS", 5)),
            help="Seconds between heartbeats and periodic-job checks (default: 5).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Only run tasks; do not enqueue periodic jobs.",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after this many tasks."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is queued now, then exit."
        )
        parser.add_argument("--worker-id", default=None, help="Unique id (default: generated).")

    def handle(self, *args, queue, interval, tick, no_scheduler, max_tasks, batch, worker_id, **o):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "The default task backend is not the database backend "
                "(django_tasks_db.DatabaseBackend), so there is nothing for a worker to run. "
                "Check S2C_TASK_BACKEND."
            )
        if interval < 0 or tick <= 0:
            raise CommandError("--interval must be 0 or more and --tick more than 0 seconds.")
        if max_tasks is not None and max_tasks <= 0:
            raise CommandError("--max-tasks must be greater than 0.")
        if worker_id is not None and not 0 < len(worker_id) <= 64:
            raise CommandError("--worker-id must be 1 to 64 characters long.")
        run_worker(
            queue_names=[q.strip() for q in queue.split(",") if q.strip()] or ["default"],
            interval=interval,
            tick_seconds=tick,
            worker_id=worker_id,
            max_tasks=max_tasks,
            batch=batch,
            run_scheduler=not no_scheduler,
        )
