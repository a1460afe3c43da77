"""``s2c check-imports``: the floor plan's import contracts, checked with import-linter.

The contracts are made from the installed services, so a new service is held to them as
soon as it is installed, with no edit anywhere else:

- *core imports no service*: nothing in ``s2c.core`` imports a service's package;
- *services import no service*: no service imports another (they link by URL name and
  meet through ``s2c.core.registry``);
- *no import cycles*: inside every package, no two sibling modules or packages import each
  other, directly or through others. Imports made only for type checking do not count,
  and neither do tests (a test may import what it tests from anywhere).

Imports hidden inside functions count like any other: moving an import into a function
does not break a cycle.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

CORE = "core"


def service_packages(root: str) -> list[str]:
    """The installed apps under ``root`` that are services: everything but the kernel."""
    found = []
    for config in apps.get_app_configs():
        parts = config.name.split(".")
        if parts[0] == root and len(parts) == 2 and parts[1] != CORE:
            found.append(config.name)
    return found


def contracts(root: str, services: list[str]) -> str:
    """The import-linter configuration (INI) for the package ``root`` and its services."""
    lines = [
        "[importlinter]",
        f"root_packages =\n    {root}",
        "exclude_type_checking_imports = True",
        "",
    ]
    if services:
        lines += [
            "[importlinter:contract:core-imports-no-service]",
            "name = core imports no service",
            "type = forbidden",
            f"source_modules =\n    {root}.{CORE}",
            "forbidden_modules =\n" + "\n".join(f"    {s}" for s in services),
            "",
        ]
    if len(services) > 1:
        lines += [
            "[importlinter:contract:services-independent]",
            "name = services import no service",
            "type = independence",
            "modules =\n" + "\n".join(f"    {s}" for s in services),
            "",
        ]
    lines += [
        "[importlinter:contract:no-cycles]",
        "name = no import cycles",
        "type = acyclic_siblings",
        f"ancestors =\n    {root}",
        "ignore_imports =",
        f"    {root}.**.tests -> {root}.**",
        f"    {root}.**.tests.** -> {root}.**",
        "unmatched_ignore_imports_alerting = none",
        "",
    ]
    return "\n".join(lines)


def check(text: str, lint_imports) -> int:
    """Run import-linter on the configuration ``text``; 0 when every contract is kept."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "importlinter.ini"
        config.write_text(text)
        return lint_imports(config_filename=str(config), no_cache=True, no_logo=True)


class Command(BaseCommand):
    help = "Check the import contracts: core and services import no service; no cycles."

    def add_arguments(self, parser):
        parser.add_argument("--root", default="s2c", help="the top-level package (default: s2c)")
        parser.add_argument(
            "--show", action="store_true", help="print the contracts instead of checking them"
        )

    def handle(self, *args, root: str, show: bool, **options):
        text = contracts(root, service_packages(root))
        if show:
            self.stdout.write(text)
            return
        try:
            # Here, not at the top: import-linter is a test tool, absent from a runtime-only
            # installation, where the rest of the command (--show) still works.
            from importlinter.cli import lint_imports
        except ImportError:
            raise CommandError(
                "import-linter is not installed: install S2C with its test tools (./scripts/test)."
            ) from None
        if check(text, lint_imports) != 0:
            raise CommandError("Import contracts broken (see above).")
