"""Start-up of the Sidata archive benchmark's scripts (bench/benchkit.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchkit import ROOT, Bench  # noqa: E402

BENCH = Bench("sidata_archive", "sidata_archive_bench_settings")
HERE, engine, data_dir = BENCH.here, BENCH.engine, BENCH.data_dir
configure, setup_django = BENCH.configure, BENCH.setup_django
__all__ = ["BENCH", "HERE", "ROOT", "configure", "data_dir", "engine", "setup_django"]
