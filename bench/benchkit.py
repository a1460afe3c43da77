"""Start-up shared by every benchmark's scripts: paths, the data directory, Django.

Each benchmark folder has a two-line ``_setup.py`` naming itself and its settings module;
its scripts ``import _setup`` and call ``_setup.setup_django()``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Bench:
    name: str  # the folder under bench/ and the prefix of its output folder
    settings: str  # the settings module, a file in the benchmark's folder

    @property
    def here(self) -> Path:
        return ROOT / "bench" / self.name

    @staticmethod
    def engine() -> str:
        url = os.environ.get("DATABASE_URL", "")
        return "postgres" if url.startswith("postgres") else "sqlite"

    def data_dir(self) -> Path:
        path = ROOT / "bench" / "out" / f"{self.name}-{self.engine()}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def configure(self) -> None:
        """Environment for the bench settings (also inherited by the gunicorn it starts)."""
        for p in (str(ROOT), str(self.here)):
            if p not in sys.path:
                sys.path.insert(0, p)
        os.environ["DJANGO_SETTINGS_MODULE"] = self.settings
        os.environ.setdefault("S2C_DATA_DIR", str(self.data_dir()))
        os.environ.setdefault("S2C_SITE_URL", "http://127.0.0.1:8000")
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(self.here)])

    def setup_django(self) -> None:
        self.configure()
        import django  # after configure(): the settings module is chosen there

        django.setup()
