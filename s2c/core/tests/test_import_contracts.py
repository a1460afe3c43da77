"""The import contracts (``s2c check-imports``): kept by S2C itself, and able to fail."""

import sys
import textwrap

import pytest
from django.core.management import CommandError, call_command
from importlinter.cli import lint_imports

from s2c.core.management.commands import s2c_check_imports
from s2c.core.management.commands.s2c_check_imports import check, contracts, service_packages


def test_the_installed_services_are_checked():
    assert {"s2c.portal", "s2c.care"} <= set(service_packages("s2c"))
    assert "s2c.core" not in service_packages("s2c")


def test_s2c_keeps_its_import_contracts(capsys):
    call_command("s2c_check_imports")
    out = capsys.readouterr().out
    assert "core imports no service KEPT" in out
    assert "services import no service KEPT" in out
    assert "no import cycles KEPT" in out


def _package(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A throwaway project ``s2cfake`` with a core and two services, on sys.path."""
    monkeypatch.syspath_prepend(str(tmp_path))
    base = {
        "s2cfake/__init__.py": "",
        "s2cfake/core/__init__.py": "",
        "s2cfake/core/registry.py": "",
        "s2cfake/one/__init__.py": "",
        "s2cfake/one/models.py": "from s2cfake.core import registry\n",
        "s2cfake/one/services.py": "from . import models\n",
        "s2cfake/two/__init__.py": "",
        "s2cfake/two/views.py": "from s2cfake.core import registry\n",
    }
    _package(tmp_path / "", base)
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("s2cfake")]:
        del sys.modules[name]


def _run(services=("s2cfake.one", "s2cfake.two")) -> int:
    return check(contracts("s2cfake", list(services)), lint_imports)


def test_a_clean_project_keeps_them(fake):
    assert _run() == 0


def test_core_importing_a_service_breaks_them(fake, capsys):
    (fake / "s2cfake/core/registry.py").write_text("import s2cfake.two.views\n")
    assert _run() == 1
    assert "core imports no service BROKEN" in capsys.readouterr().out


def test_a_service_importing_another_breaks_them(fake, capsys):
    (fake / "s2cfake/two/views.py").write_text("from s2cfake.one import services\n")
    assert _run() == 1
    assert "services import no service BROKEN" in capsys.readouterr().out


def test_a_cycle_hidden_in_a_function_breaks_them(fake, capsys):
    (fake / "s2cfake/one/models.py").write_text(
        "def later():\n    from . import services\n    return services\n"
    )
    assert _run() == 1
    assert "no import cycles BROKEN" in capsys.readouterr().out


def test_tests_and_type_checking_imports_do_not_count(fake):
    _package(
        fake,
        {
            "s2cfake/one/tests/__init__.py": "",
            "s2cfake/one/tests/test_it.py": "from s2cfake.one import services, models\n",
            "s2cfake/one/models.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import services\n"
            ),
        },
    )
    assert _run() == 0


def test_a_failure_is_a_command_error(monkeypatch):
    monkeypatch.setattr(s2c_check_imports, "check", lambda text, lint: 1)
    with pytest.raises(CommandError, match="Import contracts broken"):
        call_command("s2c_check_imports")
