"""Helpers for tests that run S2C in real subprocesses against a file SQLite database,
and module-level tasks for them (tasks must be importable by a worker process)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django_tasks import task

PROJECT_DIR = Path(__file__).resolve().parents[4]
CALLS: list[str] = []  # what the in-process tasks below were called with


@task()
def remember(label: str = "ran") -> str:
    """A task for in-process tests: records its call."""
    CALLS.append(label)
    return label


@task()
def wait_for_release(directory: str) -> str:
    """Log the start, wait for a ``release`` file, then log the completion once."""
    folder = Path(directory)
    with open(folder / "starts.log", "a") as fh:
        fh.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 60
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    with open(folder / "completions.log", "a") as fh:
        fh.write(f"{os.getpid()}\n")
    return "done"


def subprocess_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an S2C process using its own file SQLite database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S2C_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "s2c.settings",
            "S2C_ENV": "test",
            "S2C_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 's2c.sqlite3'}",
            "S2C_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "S2C_MAP_TILES": "",
            "EMAIL_URL": "consolemail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def manage(data_dir: Path, *args: str, timeout: float = 120, **env: str):
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *args],
        cwd=PROJECT_DIR,
        env=subprocess_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def python(data_dir: Path, code: str, timeout: float = 60, **env: str):
    """Run ``code`` with Django set up in a fresh process."""
    prelude = "import django; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=PROJECT_DIR,
        env=subprocess_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def migrated_copy(template_dir: Path, target_dir: Path) -> Path:
    """A fresh data directory holding a copy of an already migrated database."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for path in template_dir.glob("s2c.sqlite3*"):  # with its write-ahead log, if any
        shutil.copy(path, target_dir / path.name)
    return target_dir


def migrated_template(tmp_path_factory) -> Path:
    """A data directory migrated once per test session by ``s2c migrate`` (shared by the
    xdist workers of one run: the first one migrates, under a lock, the others wait)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    template = root / "s2c-migrated-template"
    with open(root / "s2c-migrated-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "migrated").exists():
            shutil.rmtree(template, ignore_errors=True)
            template.mkdir()
            result = subprocess.run(
                [sys.executable, "-m", "s2c.cli", "migrate"],
                cwd=PROJECT_DIR,
                env=subprocess_env(template),
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            (template / "migrated").touch()
    return template


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 90, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            return response.status == 200
    except (urllib.error.HTTPError, OSError):
        return False


@contextlib.contextmanager
def serving(data_dir: Path, log: Path, *, workers: int, env: dict[str, str] | None = None):
    """The real ``s2c serve`` with ``workers`` on a free port, its output in ``log``, once
    /healthz answers: yields ``(base_url, port, process)``; stopped with SIGTERM after."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "s2c.cli", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=PROJECT_DIR,
        env=env if env is not None else subprocess_env(data_dir),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _healthy(base), timeout=90, what="s2c serve to answer")
        yield base, port, server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
