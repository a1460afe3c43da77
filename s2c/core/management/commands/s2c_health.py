"""``s2c health``: the /healthz report on the command line; exit 1 when unhealthy."""

import json

from django.core.management.base import BaseCommand

from s2c.core import health


class Command(BaseCommand):
    help = (
        "Check the database, the file storage and the background worker. Exits 1 when the "
        "database or storage fails (or, with --require-worker, when no worker is alive)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--require-worker",
            action="store_true",
            help="Also fail when no worker has sent a recent heartbeat.",
        )

    def handle(self, *args, require_worker: bool, **options):
        data = health.report()
        self.stdout.write(json.dumps(data, indent=2))
        unhealthy = data["status"] == health.ERROR or (
            require_worker and data["checks"]["worker"]["status"] != health.OK
        )
        if unhealthy:
            raise SystemExit(1)
