"""Start or stop the benchmark's throwaway PostgreSQL 15 cluster (port 55439, under
--workdir/pg, as engines.py uses it) and create the end-to-end database ``s2cbench``.

    $PY bench/search_archive/pg.py start     # then DATABASE_URL=postgres://postgres@127.0.0.1:55439/s2cbench
    $PY bench/search_archive/pg.py stop
"""

import argparse
from pathlib import Path

import engines

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("action", choices=["start", "stop"])
parser.add_argument("--workdir", default="/tmp/s2c-search-archive")
args = parser.parse_args()
pg = engines.Postgres(Path(args.workdir), 1.0, "gin")
if args.action == "start":
    pg.start()
    with pg.connect() as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = 's2cbench'").fetchone():
            c.execute("CREATE DATABASE s2cbench")
    print(f"DATABASE_URL=postgres://postgres@127.0.0.1:{engines.PG_PORT}/s2cbench")
else:
    pg.stop()
