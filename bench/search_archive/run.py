"""End-to-end archive-scale search benchmark (issue 13): the corpus of corpus.py as S2C
SearchDocuments, the engine rebuilt from them, then never-asked questions through the real
``s2c serve`` at /api/v1/search by 1 and by 8 keep-alive clients, beside the engine's own
query time for the same questions, and the planted old documents' rank.

    PY=/work/main/.venv/bin/python
    $PY bench/search_archive/run.py --scale 0.01                 # SQLite, 12,000 documents
    $PY bench/search_archive/run.py                               # SQLite, full (1.2 M)
    DATABASE_URL=postgres://postgres@127.0.0.1:55439/s2cbench $PY bench/search_archive/run.py
    $PY bench/search_archive/run.py --skip-load --skip-rebuild    # questions only

The database is bench/out/search_archive-<sqlite|postgres>/ (S2C_DATA_DIR; set it to put
the data elsewhere), migrated on first use. Documents are written with
``search.index_documents`` in batches under types bench.service/report/archive (registered
by bench_types.py; the server registers them through bench_urls.py) with 60 bench agencies
and 17 bench regions; a second run at the same scale reuses them. ``search.rebuild_engine``
runs in a child process: its time, its peak RSS and the index size are reported. The result
cache is off (S2C_SEARCH_CACHE_SECONDS=0) and the rate limiter exempted (a random
S2C_RATE_LIMIT_EXEMPT_KEY sent by the clients). Each question is asked once: a fresh seed
per run (``--qseed`` to repeat). The engine-direct figure is
``searcher.search(query, 10, count=True)`` of ``search.engine_query`` in this process
(prefix questions are asked there without the prefix flag, which engine_query lacks).
Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _setup  # noqa: E402
import benchkit  # noqa: E402
import corpus as corpus_mod  # noqa: E402
from bench_types import TYPES  # noqa: E402

EXEMPT_HEADER = "X-S2C-Rate-Limit-Key"
BATCH = 2000


def agency_code(i: int) -> str:
    return f"sa-agency-{i}"


def region_code(i: int) -> str:
    return f"sa{i:02d}"


def url_of(kind: str, object_id: str) -> str:
    return f"/bench/{kind}/{object_id}/"


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(times: list[float]) -> dict:
    return {
        "n": len(times),
        "p50": round(pct(times, 50), 2),
        "p95": round(pct(times, 95), 2),
        "p99": round(pct(times, 99), 2),
        "max": round(max(times), 1),
    }


# --- database ----------------------------------------------------------------------------


def migrate() -> None:
    marker = _setup.data_dir() / "migrated"
    if marker.exists() and "S2C_DATA_DIR" not in os.environ:
        return
    print("s2c migrate ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "s2c.cli", "migrate"],
        cwd=_setup.ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.touch()


def people():
    from s2c.core.models import Agency, Region

    regions = []
    for i in range(corpus_mod.N_REGIONS):
        r, _ = Region.objects.get_or_create(
            code=region_code(i), defaults={"name": f"Bench Region {i}", "kind": "kabupaten"}
        )
        regions.append(r.pk)
    agencies = []
    for i in range(corpus_mod.N_AGENCIES):
        a, _ = Agency.objects.get_or_create(
            code=agency_code(i),
            defaults={"short_name": f"SA {i}", "name": f"Dinas Bench {i}", "kind": "dinas"},
        )
        agencies.append(a.pk)
    return agencies, regions


def load(corpus, scale: float) -> dict:
    from s2c.core import search
    from s2c.core.search.models import SearchDocument

    agencies, regions = people()
    want = corpus.count(scale)
    have = SearchDocument.objects.filter(type__startswith="bench.").count()
    if have == want:
        print(f"{have:,} bench documents present: reused", flush=True)
        return {"reused": have}
    SearchDocument.objects.filter(type__startswith="bench.").delete()
    started = time.perf_counter()
    done = 0
    batch = []

    def flush():
        nonlocal done, batch
        done += search.index_documents(batch)
        batch = []

    for d in corpus.documents(scale):
        batch.append(
            (
                TYPES[d["type"]],
                d["object_id"],
                search.Document(
                    title=d["title"],
                    summary=d["summary"],
                    keywords=d["keywords"],
                    body=d["body"],
                    url=url_of(d["type"], d["object_id"]),
                    visibility=d["visibility"],
                    agency_id=agencies[d["agency"]],
                    region_id=regions[d["region"]],
                ),
            )
        )
        if len(batch) == BATCH:
            flush()
            if done % 50_000 == 0:
                print(
                    f"  {done:,}/{want:,} documents, {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
    if batch:
        flush()
    seconds = time.perf_counter() - started
    print(f"wrote {done:,} documents in {seconds:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"written": done, "write_s": round(seconds, 1)}


def rebuild_child() -> None:
    """In a child process: search.rebuild_engine, its time and this process's peak RSS."""
    _setup.setup_django()
    import bench_types

    bench_types.register()
    from s2c.core import search
    from s2c.core.search import engine

    started = time.perf_counter()
    count = search.rebuild_engine(progress=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "count": count,
                "rebuild_s": round(seconds, 1),
                "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "index_bytes": engine.get().size_bytes(),
            }
        )
    )


# --- questions ---------------------------------------------------------------------------


def api_params(q: dict) -> dict:
    params = {"q": q["q"]}
    if q.get("types"):
        params["type"] = ",".join(TYPES[t] for t in q["types"])
    if q.get("agency_ids"):
        params["agency"] = agency_code(q["agency_ids"][0])
    if q.get("region_ids"):
        params["region"] = region_code(q["region_ids"][0])
    if q.get("prefix"):
        params["prefix"] = "true"
    return params


def engine_direct(questions: list[dict]) -> tuple[list[float], list[int]]:
    from s2c.core import search
    from s2c.core.models import Agency, Region

    agencies = dict(Agency.objects.filter(code__startswith="sa-agency-").values_list("code", "pk"))
    regions = dict(Region.objects.filter(code__startswith="sa").values_list("code", "pk"))
    times, counts = [], []
    for q in questions:
        searcher, query = search.engine_query(
            user=None,
            q=q["q"],
            types=[TYPES[t] for t in q["types"]] if q.get("types") else None,
            agency_ids=[agencies[agency_code(a)] for a in q["agency_ids"]]
            if q.get("agency_ids")
            else None,
            region_ids=[regions[region_code(r)] for r in q["region_ids"]]
            if q.get("region_ids")
            else None,
        )
        if query is None:
            continue
        t0 = time.perf_counter()
        result = searcher.search(query, 10, count=True)
        times.append((time.perf_counter() - t0) * 1000)
        counts.append(result.count)
    return times, counts


def _client(args) -> tuple[list[float], dict, list[int]]:
    """One keep-alive client asking each of its questions once."""
    import http.client

    port, paths, headers, start_at = args
    while time.time() < start_at - 0.3:
        time.sleep(0.005)
    # Connect before the clock, but not long before: the server drops idle keep-alives.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/bench/bare/", headers=headers)
    conn.getresponse().read()
    while time.time() < start_at:
        time.sleep(0.001)
    times, statuses, totals = [], {}, []
    for path in paths:
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status, body = "error", b""
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        times.append((time.perf_counter() - t0) * 1000)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if status == 200:
            try:
                totals.append(json.loads(body).get("count", -1))
            except ValueError:
                pass
    conn.close()
    return times, statuses, totals


def clients(port: int, questions: list[dict], n: int, headers: dict) -> dict:
    from concurrent.futures import ProcessPoolExecutor

    paths = ["/api/v1/search?" + urlencode(api_params(q)) for q in questions]
    chunks = [paths[i::n] for i in range(n)]
    start_at = time.time() + 2 + 0.2 * n
    with ProcessPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(_client, [(port, c, headers, start_at) for c in chunks]))
    times = [t for r in results for t in r[0]]
    statuses: dict = {}
    for r in results:
        for k, v in r[1].items():
            statuses[k] = statuses.get(k, 0) + v
    return {**summary(times), "statuses": statuses}


def planted_check(port: int, corpus, headers: dict, scale: float) -> list[dict]:
    import http.client

    out = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for q, kind, oid in corpus.planted_questions:
        conn.request("GET", "/api/v1/search?" + urlencode({"q": q}), headers=headers)
        response = conn.getresponse()
        data = json.loads(response.read() or b"{}")
        urls = [h.get("url") for h in data.get("results", data.get("hits", []))]
        want = url_of(kind, oid)
        rank = urls.index(want) + 1 if want in urls else None
        size = max(1, int(corpus_mod.SIZES[kind] * scale))
        out.append(
            {
                "q": q,
                "want": want,
                "exists_at_scale": int(oid[1:]) < size,
                "rank": rank,
                "count": data.get("count"),
                "first": urls[:3],
                "status": response.status,
            }
        )
    conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="s2c serve --workers (3)")
    parser.add_argument("--threads", type=int, default=2, help="s2c serve --threads (2)")
    parser.add_argument("--qseed", type=int, default=None)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--rebuild-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild_child:
        rebuild_child()
        return

    os.environ["S2C_SEARCH_CACHE_SECONDS"] = "0"
    _setup.configure()
    migrate()
    _setup.setup_django()
    import bench_types

    bench_types.register()
    from django.db import connection

    corpus = corpus_mod.Corpus()
    figures: dict = {
        "database": connection.vendor,
        "scale": args.scale,
        "documents": corpus.count(args.scale),
        "nproc": os.cpu_count(),
    }
    print(
        f"database {connection.vendor}, data {os.environ['S2C_DATA_DIR']}, "
        f"scale {args.scale:g} ({corpus.count(args.scale):,} documents)",
        flush=True,
    )
    if not args.skip_load:
        figures["load"] = load(corpus, args.scale)
    if not args.skip_rebuild:
        print("search.rebuild_engine ...", flush=True)
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--rebuild-child"],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        figures["rebuild"] = json.loads(done.stdout.strip().splitlines()[-1])
        print("rebuild:", json.dumps(figures["rebuild"]), flush=True)

    qseed = args.qseed if args.qseed is not None else random.SystemRandom().randrange(1 << 30)
    qrng = random.Random(qseed)
    figures["qseed"] = qseed
    warm = corpus.questions(qrng, 20, args.scale)
    single = corpus.questions(qrng, args.questions, args.scale)
    multi = corpus.questions(qrng, args.questions, args.scale)

    # The engine's own time, in this process, on questions of both sets (all never asked
    # by the server before it: the server is started afterwards).
    engine_direct(warm)
    times, counts = engine_direct(single)
    figures["engine_direct_1"] = {**summary(times), "median_count": statistics.median(counts)}
    print("engine direct (single set):", json.dumps(figures["engine_direct_1"]), flush=True)

    key = secrets.token_hex(24)
    headers = {EXEMPT_HEADER: key}
    port = benchkit.free_port()
    log = _setup.data_dir() / "serve.log"
    env = {"S2C_RATE_LIMIT_EXEMPT_KEY": key, "S2C_SEARCH_CACHE_SECONDS": "0"}
    proc = benchkit.serve(
        port, workers=args.workers, threads=args.threads, log_path=log, extra_env=env
    )
    try:
        clients(port, warm, min(args.workers, 4), headers)  # each worker opens its index
        figures["http_1"] = clients(port, single, 1, headers)
        print("1 client:", json.dumps(figures["http_1"]), flush=True)
        figures[f"http_{args.clients}"] = clients(port, multi, args.clients, headers)
        print(f"{args.clients} clients:", json.dumps(figures[f"http_{args.clients}"]), flush=True)
        figures["planted"] = planted_check(port, corpus, headers, args.scale)
        for p in figures["planted"]:
            print("planted:", json.dumps(p), flush=True)
    finally:
        benchkit.stop(proc)
    e = figures["engine_direct_1"]["p50"]
    h = figures["http_1"]["p50"]
    figures["ratio_http1_p50_to_engine_p50"] = round(h / e, 1) if e else None
    figures["load_avg"] = os.getloadavg()
    print(f"single client p50 {h} ms vs engine {e} ms: x{figures['ratio_http1_p50_to_engine_p50']}")
    out = _setup.data_dir() / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, indent=1))
    print(f"saved {out}")


if __name__ == "__main__":
    main()
