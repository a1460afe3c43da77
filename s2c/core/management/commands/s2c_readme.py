"""Write README.md's list of services from the installed ones (between the
``<!-- services:start -->`` and ``<!-- services:end -->`` markers), so the README never
promises a service that is not built. ``--check`` only compares (exit 1 when stale)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from s2c.core import registry

START, END = "<!-- services:start -->", "<!-- services:end -->"


def services_markdown() -> str:
    """One line per installed service, in English, in the services' order."""
    lines = []
    with translation.override("en"):
        for info in registry.services():
            if info.key == "core":  # the kernel's own staff pages, not a service
                continue
            try:
                path = apps.get_app_config(info.key).name.replace(".", "/")
            except LookupError:
                path = info.key
            summary = f": {info.summary}" if info.summary else ""
            lines.append(f"- **{info.label}** (`{path}`){summary}.")
    return "\n".join(lines)


def with_services(text: str) -> str:
    """``text`` (README.md) with the list between the markers replaced."""
    if START not in text or END not in text:
        raise CommandError(f"README.md has no {START} … {END} section")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{services_markdown()}\n{END}{tail}"


class Command(BaseCommand):
    help = "Write README.md's list of services from the installed services."

    def add_arguments(self, parser):
        parser.add_argument("--readme", default=str(Path(settings.BASE_DIR).parent / "README.md"))
        parser.add_argument("--check", action="store_true", help="exit 1 if it is stale")

    def handle(self, *args, readme: str, check: bool, **options):
        path = Path(readme)
        text = path.read_text(encoding="utf-8")
        new = with_services(text)
        if check:
            if new != text:
                raise CommandError("README.md's list of services is stale: run s2c_readme")
            return
        if new != text:
            path.write_text(new, encoding="utf-8")
        self.stdout.write(services_markdown())
