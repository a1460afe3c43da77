"""The ``s2c`` operator command."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from s2c import cli
from s2c.core.scheduler.tests import support

SUBCOMMANDS = ["serve", "migrate", "seed", "worker", "createadmin", "health"]


def _s2c() -> list[str]:
    """The installed console script, or the module when run from a source tree."""
    script = Path(sys.executable).with_name("s2c")
    return [str(script)] if script.exists() else [sys.executable, "-m", "s2c.cli"]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in [*SUBCOMMANDS, "search-rebuild", "manage"]:
        assert f"\n    {name}" in out


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_command_has_its_own_help(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([name, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: s2c {name} [-h]")


def test_bad_arguments_are_explained(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["seed", "--demo-users", "--no-demo-users"])
    assert exit_info.value.code == 2
    assert "argument --no-demo-users: not allowed with argument --demo-users" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        cli.main(["serve", "--port", "eighty"])
    assert "invalid int value: 'eighty'" in capsys.readouterr().err


def test_manage_and_search_rebuild_pass_through_to_django(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["manage", "s2c_seed", "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: s2c manage s2c_seed [-h] [--demo-users")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["search-rebuild", "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: s2c manage search_rebuild [-h]")


@pytest.mark.django_db
def test_the_worker_refuses_a_backend_it_cannot_run(capsys):
    assert cli.main(["worker", "--batch"]) == 1
    assert capsys.readouterr().err == (
        "s2c worker: The default task backend is not the database backend "
        "(django_tasks_db.DatabaseBackend), so there is nothing for a worker to run. "
        "Check S2C_TASK_BACKEND.\n"
    )


@pytest.mark.django_db
def test_seed_and_createadmin_run_through_the_cli(monkeypatch, capsys):
    from s2c.core import registry
    from s2c.core.models import Region, User

    monkeypatch.setattr(registry, "_seeders", {})
    assert cli.main(["seed", "--no-demo-users"]) == 0
    assert Region.objects.count() == 17
    monkeypatch.setenv("ADMIN_PW", "Kominfo-Sumsel-2025!")
    code = cli.main(["createadmin", "--username", "ops", "--password-from-env", "ADMIN_PW"])
    assert code == 0
    assert User.objects.get(username="ops").is_province_admin is True
    assert capsys.readouterr().out.endswith("Created province administrator ops.\n")


def test_collectstatic_runs_only_when_static_sources_changed(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    assert cli.collectstatic_if_needed() is True
    assert (tmp_path / "static" / "leaflet" / "leaflet.js").exists()
    assert cli.collectstatic_if_needed() is False
    (tmp_path / "static" / ".s2c-collectstatic").write_text("stale")
    assert cli.collectstatic_if_needed() is True


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    """A data directory set up by ``s2c migrate``."""
    return support.migrated_template(tmp_path_factory)


def _get(url: str) -> tuple[int, bytes] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except OSError:
        return None


def test_serve_runs_gunicorn_with_its_static_files(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    port = support.free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [*_s2c(), "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=support.subprocess_env(data),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, body = support.wait_for(
            lambda: _get(f"{base}/healthz"), timeout=60, what="gunicorn to answer"
        )
        assert status == 200
        assert json.loads(body)["checks"]["database"]["status"] == "ok"
        static = _get(f"{base}/static/leaflet/leaflet.js")
        assert static is not None and static[0] == 200
        assert (data / "static" / ".s2c-collectstatic").exists()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0, log.read_text()
    assert "Static files collected." in log.read_text()


def test_health_from_the_console_script_after_migrate(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    health = subprocess.run(
        [*_s2c(), "health"],
        env=support.subprocess_env(data),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert health.returncode == 0, health.stderr
    report = json.loads(health.stdout)
    assert (report["status"], report["checks"]["worker"]["status"]) == ("degraded", "unknown")
