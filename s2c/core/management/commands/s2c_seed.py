"""``s2c seed``: reference data, demo staff accounts, and every service's demo data."""

from django.core.management.base import BaseCommand, CommandError

from s2c.core import seed


class Command(BaseCommand):
    help = (
        "Load the 17 kabupaten/kota and the provincial agencies, create demo staff accounts "
        "(not in production unless --demo-users), then run every service's seeder. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--demo-users",
            dest="demo_users",
            action="store_true",
            default=None,
            help="Create the demo staff accounts (required to do so in production).",
        )
        group.add_argument(
            "--no-demo-users",
            dest="demo_users",
            action="store_false",
            help="Do not create the demo staff accounts.",
        )

    def handle(self, *args, demo_users, **options):
        if seed.demo_users_refused(demo_users=demo_users):
            raise CommandError(
                "Refusing to create demo accounts with a published password in production. "
                "Run 's2c seed --no-demo-users' for the reference data only, or "
                "'s2c seed --demo-users' if you really want the demo accounts."
            )
        seed.seed(demo_users=demo_users is not False, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Seeding finished."))
