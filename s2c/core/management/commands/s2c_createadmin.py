"""``s2c createadmin``: create (or promote) a province administrator."""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from s2c.core.seed import province_admin_ensure


class Command(BaseCommand):
    help = (
        "Create a province administrator (Diskominfo): every agency and service, and "
        "django-admin. An existing user of that name is promoted. Asks for what is missing "
        "when run in a terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="Sign-in name.")
        parser.add_argument("--email", default="", help="Email address.")
        parser.add_argument("--full-name", default="", help="Full name.")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable (for scripts).",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            dest="interactive",
            action="store_false",
            help="Never prompt; fail when something is missing.",
        )

    def handle(self, *args, username, email, full_name, password_from_env, interactive, **o):
        interactive = interactive and sys.stdin.isatty()
        password = None
        if password_from_env:
            password = os.environ.get(password_from_env, "")
            if not password:
                raise CommandError(
                    f"The environment variable {password_from_env} is not set or empty."
                )
        if not username:
            if not interactive:
                raise CommandError("--username is required when not run in a terminal.")
            username = input("Username: ").strip()
            if not email:
                email = input("Email address: ").strip()
        if not username:
            raise CommandError("A username is required.")
        if password is None:
            if not interactive:
                raise CommandError(
                    "A password is required: pass --password-from-env VARIABLE when not "
                    "run in a terminal."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            user, created = province_admin_ensure(
                username=username, email=email, password=password, full_name=full_name
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} province administrator {user.username}."))
