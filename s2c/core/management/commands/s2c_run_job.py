"""Run one registered periodic job now, in this process (``s2c deadlines``,
``s2c check-status`` and the like are this command with the job's key)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from s2c.core import scheduler


class Command(BaseCommand):
    help = "Run a registered periodic job now, in this process (see 's2c worker')."

    def add_arguments(self, parser):
        parser.add_argument("key", nargs="?", help="the job's key, e.g. care.deadlines")
        parser.add_argument(
            "--list", dest="show_list", action="store_true", help="list the jobs and exit"
        )

    def handle(self, *args, key: str | None = None, show_list: bool = False, **options):
        jobs = {spec.key: spec for spec in scheduler.periodic_jobs()}
        if show_list or not key:
            for spec in jobs.values():
                self.stdout.write(f"{spec.key}\t{spec.describe()}\t{spec.task_path}")
            return
        spec = jobs.get(key)
        if spec is None:
            raise CommandError(f"No periodic job {key!r}; 's2c manage s2c_run_job --list'.")
        result = spec.resolve_task().call(**spec.kwargs)
        if result is not None:
            self.stdout.write(f"{key}: {result}")
