"""What an answer costs in one process, without HTTP: ``search.query`` for never-asked
questions (the corpus of corpus.py, as run.py loaded it), then the same through Django's
test client at /api/v1/search; ``--profile`` prints cProfile's heaviest calls. Run it on
a database run.py filled (same S2C_DATA_DIR and --scale). Not a test.

    S2C_DATA_DIR=/tmp/s2c-sa-full-sqlite \
        .venv/bin/python bench/search_archive/inprocess.py --scale 1
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["S2C_SEARCH_CACHE_SECONDS"] = "0"
os.environ.setdefault("S2C_RATE_LIMIT_EXEMPT_KEY", "inprocess-bench-" + "k" * 32)
import _setup  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--qseed", type=int, default=424242)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _setup.configure()
    _setup.setup_django()
    import bench_types
    import corpus as corpus_mod
    from django.conf import settings
    from django.test import Client
    from run import agency_code, api_params, region_code

    from s2c.core import search
    from s2c.core.models import Agency, Region

    bench_types.register()
    questions = corpus_mod.Corpus().questions(random.Random(args.qseed), 400, args.scale)
    agencies = dict(Agency.objects.filter(code__startswith="sa-agency-").values_list("code", "pk"))
    regions = dict(Region.objects.filter(code__startswith="sa").values_list("code", "pk"))

    def ask(q: dict) -> None:
        search.query(
            user=None,
            q=q["q"],
            types=[bench_types.TYPES[t] for t in q["types"]] if q.get("types") else None,
            agency_ids=[agencies[agency_code(a)] for a in q.get("agency_ids") or []] or None,
            region_ids=[regions[region_code(r)] for r in q.get("region_ids") or []] or None,
            prefix=bool(q.get("prefix")),
        )

    for q in questions[:30]:
        ask(q)
    times = []
    for q in questions[30:230]:
        t0 = time.perf_counter()
        ask(q)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"search.query, 200 questions: p50 {pct(times, 50):.2f} ms, p95 {pct(times, 95):.2f} ms")

    settings.ALLOWED_HOSTS.append("testserver")
    client = Client(HTTP_X_S2C_RATE_LIMIT_KEY=os.environ["S2C_RATE_LIMIT_EXEMPT_KEY"])
    times, statuses = [], set()
    for q in questions[230:400]:
        t0 = time.perf_counter()
        response = client.get("/api/v1/search?" + urlencode(api_params(q)))
        times.append((time.perf_counter() - t0) * 1000)
        statuses.add(response.status_code)
    print(
        f"/api/v1/search (test client), 170 questions: p50 {pct(times, 50):.2f} ms, "
        f"p95 {pct(times, 95):.2f} ms, statuses {sorted(statuses)}"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for q in questions[30:400]:
            ask(q)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
