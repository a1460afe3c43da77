"""Load test of Sumsel Gov: requests per second and p95 latency of the home page, a
service page, the catalogue listing and the search API, beside a bare Django view, all
served by one gunicorn (2 workers) on 127.0.0.1 in the same run.

    .venv/bin/python bench/portal/generate.py      # once: 100,000 services, 300 agencies
    .venv/bin/python bench/portal/load.py          # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_portal_bench \\
        .venv/bin/python bench/portal/load.py

Clients: processes x threads, each thread with its own keep-alive connection, for a fixed
time per target after a warm-up; only 127.0.0.1 is contacted. Results are printed as a
Markdown table and saved in bench/out/portal-<db>/results-<time>.json. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import quote

import _setup

QUERIES = [
    "perpanjang stnk",
    "samsat",
    "izin usaha",
    "rumah sakit",
    "beasiswa",
    "legalisir ijazah",
    "pajak kendaraan",
    "pelatihan kerja",
    "sertifikat halal umkm",
    "izin trayek",
    "bantuan sosial lansia",
    "surat keterangan",
]
# Words of the generated catalogue: "search API (varied)" pairs two of them and picks a
# page, so nearly every question is new and the index answers it (no cached answer).
WORDS = (
    "penerbitan perpanjangan pendaftaran permohonan pengesahan rekomendasi legalisir "
    "pelayanan pemeriksaan pembaruan konsultasi verifikasi pencabutan perubahan izin usaha "
    "surat keterangan sertifikat trayek kartu anggota praktik dokumen lingkungan bantuan "
    "sosial beasiswa penelitian rawat jalan laboratorium pelatihan kerja reklame ikan "
    "perkebunan halal statistik pertambangan pajak kendaraan samsat rumah sakit"
).split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    _setup.configure()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(_setup.ROOT), str(_setup.HERE)])
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "s2c.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        "--chdir",
        str(_setup.ROOT),
    ]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def urls_for(target: str, rng: random.Random, n_services: int) -> str:
    if target == "bare":
        return "/bench/bare/"
    if target == "home":
        return "/"
    if target == "service page":  # any of the 100,000: nearly always a cache miss
        return f"/layanan/bench-{rng.randrange(n_services):06d}/"
    if target == "service page (hot)":  # 50 popular pages: served from the page cache
        # Spread over the catalogue generated (--services); 997 apart in the 100,000.
        return f"/layanan/bench-{rng.randrange(50) * min(997, n_services // 50):06d}/"
    if target == "catalogue":
        return f"/layanan/?page={rng.randint(1, 50)}"
    if target == "search API":  # the popular questions: mostly answered from the cache
        return f"/api/v1/search?q={quote(rng.choice(QUERIES))}"
    if target == "search API (varied)":
        words = " ".join(rng.sample(WORDS, 2))
        return f"/api/v1/search?q={quote(words)}&page={rng.randint(1, 3)}"
    raise ValueError(target)


def client(args) -> tuple[list[float], int, int]:
    """One client process: ``threads`` keep-alive connections until ``until``."""
    import threading

    port, target, threads, until, n_services, seed = args
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run(i: int) -> None:
        rng = random.Random(seed * 100 + i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < until:
            url = urls_for(target, rng, n_services)
            t0 = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Accept-Language": "id"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, len(latencies), errors[0]


def measure(port, target, *, processes, threads, seconds, warmup, n_services) -> dict:
    with ProcessPoolExecutor(max_workers=processes) as pool:
        until = time.monotonic() + warmup
        list(
            pool.map(
                client, [(port, target, threads, until, n_services, p) for p in range(processes)]
            )
        )
        started = time.monotonic()
        until = started + seconds
        results = list(
            pool.map(
                client,
                [(port, target, threads, until, n_services, 10 + p) for p in range(processes)],
            )
        )
        elapsed = time.monotonic() - started
    latencies = sorted(x for r in results for x in r[0])
    count = sum(r[1] for r in results)
    errors = sum(r[2] for r in results)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    return {
        "target": target,
        "requests": count,
        "errors": errors,
        "rps": count / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": p95 * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=4, help="connections per process")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--server-threads", type=int, default=4)
    parser.add_argument("--services", type=int, default=100_000, help="as generated")
    parser.add_argument(
        "--targets", default="", help="comma-separated subset, e.g. 'search API' (bare is kept)"
    )
    args = parser.parse_args()
    _setup.configure()
    port = free_port()
    server = start_server(port, args.workers, args.server_threads)
    targets = [
        "bare",
        "home",
        "service page",
        "service page (hot)",
        "catalogue",
        "search API",
        "search API (varied)",
        "bare",
    ]
    if args.targets:
        wanted = {t.strip() for t in args.targets.split(",")}
        targets = [t for t in targets if t == "bare" or t in wanted]
    rows = []
    try:
        for target in targets:
            row = measure(
                port,
                target,
                processes=args.processes,
                threads=args.threads,
                seconds=args.seconds,
                warmup=args.warmup,
                n_services=args.services,
            )
            rows.append(row)
            print(
                f"  {target:<20} {row['rps']:8.1f} req/s  p95 {row['p95_ms']:7.1f} ms  "
                f"errors {row['errors']}",
                flush=True,
            )
    finally:
        stop_server(server)
    bare = statistics.mean(r["rps"] for r in rows if r["target"] == "bare")
    print(
        f"\nSumsel Gov load test: {_setup.engine()}, gunicorn {args.workers} workers x "
        f"{args.server_threads} threads, {args.processes * args.threads} keep-alive clients, "
        f"{args.seconds:g} s per target, {os.cpu_count()} CPU cores\n"
    )
    print("| target | requests | req/s | p50 ms | p95 ms | % of bare req/s | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        r["percent_of_bare"] = 100 * r["rps"] / bare
        print(
            f"| {r['target']} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['percent_of_bare']:.0f}% | {r['errors']} |"
        )
    out = _setup.data_dir() / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps({"engine": _setup.engine(), "args": vars(args), "rows": rows}, indent=2)
    )
    print(f"\nSaved {out}")


if __name__ == "__main__":
    main()
