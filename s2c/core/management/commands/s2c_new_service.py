"""``s2c new-service NAME``: lay out a new service from core's floor plan
(s2c/core/scaffold/service/), wired into every registry, with its tests and docs page."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from s2c.core import scaffold


class Command(BaseCommand):
    help = (
        "Lay out a new service app (models, services, selectors, views, API, templates, "
        "locale, tests, docs page) wired into every registry."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app's name, e.g. sidata (lowercase, digits, _)")
        parser.add_argument("--title", help="its name as people read it (default: Name)")
        parser.add_argument("--summary", help="one line about it, in English")
        parser.add_argument(
            "--directory",
            help="where the app's folder goes (default: the s2c package)",
        )
        parser.add_argument(
            "--package", help="its dotted package (default: s2c.NAME, or NAME with --directory)"
        )
        parser.add_argument("--docs", help="where its docs page goes (default: docs/)")

    def handle(self, *args, name, title, summary, directory, package, docs, **options):
        base = Path(settings.BASE_DIR)
        try:
            scaffold.check_name(name, taken={a.label for a in apps.get_app_configs()})
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        title = title or name.replace("_", " ").title()
        for label, text, longest in (("--title", title, 40), ("--summary", summary or "", 80)):
            if len(text) > longest or any(c in text for c in '"\\\n{}%'):
                raise CommandError(
                    f"{label} is at most {longest} characters, without quotes, braces or %"
                )
        plan = scaffold.Plan(
            name=name,
            package=package or (name if directory else f"s2c.{name}"),
            title=title,
            summary=summary or f"{title}: a new service of the province",
        )
        folder = (Path(directory) if directory else base) / name
        try:
            written = scaffold.lay_out(
                plan,
                directory=folder.parent,
                docs=Path(docs) if docs else base.parent / "docs",
            )
        except FileExistsError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Wrote {len(written)} files for {plan.package}.")
        self.stdout.write("Install it with this one line in S2C_SERVICES (s2c/settings.py):")
        self.stdout.write(f'    "{plan.package}",')
        self.stdout.write(f"then: s2c migrate, run its tests (pytest {folder})")
        self.stdout.write("and s2c manage s2c_readme (the README lists the installed services).")
        self.stdout.write(
            f"Its Indonesian texts are in {folder / 'locale/id/LC_MESSAGES/django.po'}: the title"
            " and summary are copied as given; translate them, then"
            " s2c manage s2c_messages --compile."
        )
