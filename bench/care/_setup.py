"""Shared start-up of the care benchmark's scripts: paths, data directory, Django."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def engine() -> str:
    return "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def data_dir() -> Path:
    path = ROOT / "bench" / "out" / f"care-{engine()}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def configure() -> None:
    """Environment for the bench settings (inherited by the gunicorn it starts)."""
    for p in (str(ROOT), str(HERE)):
        if p not in sys.path:
            sys.path.insert(0, p)
    os.environ["DJANGO_SETTINGS_MODULE"] = "care_bench_settings"
    os.environ.setdefault("S2C_DATA_DIR", str(data_dir()))
    os.environ.setdefault("S2C_SITE_URL", "http://127.0.0.1:8000")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)])


def setup_django() -> None:
    configure()
    import django

    django.setup()
