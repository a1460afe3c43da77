"""Time of one read of a stored service page (``pages.store.load``), in process: what a
visit to a page rendered ahead costs in the database, without HTTP, gunicorn or the page
cache. Random codes among the services generated (``generate.py``), every page current
(rendered by whichever code: the stamp of the stored pages is taken as this code's).

    .venv/bin/python bench/portal/stored_read.py --services 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_portal_bench \\
        .venv/bin/python bench/portal/stored_read.py --services 10000 --generated

``--generated`` (PostgreSQL): also time ``pages.read_sql()`` sent as it is, without the
function (Django binds parameters on the client, so PostgreSQL plans it on each read).
Not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import _setup

_setup.setup_django()

from django.db import connection  # noqa: E402

from s2c.portal import pages  # noqa: E402
from s2c.portal.models import ServicePage  # noqa: E402


def timed(read, codes: list[str], rounds: int) -> list[float]:
    """Microseconds per read, one figure per round of ``len(codes)`` reads."""
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        for code in codes:
            if read(code) is None:
                raise SystemExit(f"No current stored page for {code}: render them first.")
        out.append((time.perf_counter() - started) / len(codes) * 1e6)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=100_000, help="as generated")
    parser.add_argument("--reads", type=int, default=2000, help="per round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--generated", action="store_true", help="PostgreSQL: also without the function"
    )
    args = parser.parse_args()
    # The stamp of the pages stored (whatever code rendered them): only the read is timed.
    pages._build = ServicePage.objects.values_list("build", flat=True).first()
    rng = random.Random(1)
    codes = [f"bench-{rng.randrange(args.services):06d}" for _ in range(args.reads)]
    reads = {"store.load": lambda code: pages.store.load("id", {"code": code})}
    if args.generated and connection.vendor == "postgresql":
        sql, rule = pages.read_sql()

        def generated(code: str):
            asked = dict(zip(pages._ASKED, (code, "id", pages.build()), strict=True))
            params = [asked.get(p, p) if isinstance(p, str) else p for p in rule]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()

        reads["read_sql() without the function"] = generated
    timed(reads["store.load"], codes[:200], 1)  # warm: connection, plans, build stamp
    print(f"{connection.vendor}: {args.reads} random pages x {args.rounds} rounds")
    for name, read in reads.items():
        rounds = timed(read, codes, args.rounds)
        print(
            f"  {name:<34} median {statistics.median(rounds):6.0f} µs per read "
            f"(best {min(rounds):.0f})"
        )


if __name__ == "__main__":
    main()
