"""Speed of every public page and API list on the demo data, beside a bare Django view
served by the same ``s2c serve`` in the same run (requests/s, p50 and p99, % of bare).

    .venv/bin/python bench/public_paths.py                     # every target, SQLite
    .venv/bin/python bench/public_paths.py --targets 'search,/lapor/laporan/'
    .venv/bin/python bench/public_paths.py --count-api         # API requests counted
    .venv/bin/python bench/public_paths.py --slow-clients 50   # slowloris figures only

The first run migrates and seeds bench/out/public-<db>/ (``s2c migrate``, ``s2c seed``:
the demo data). The server is the real ``s2c serve`` (``--workers``, ``--threads``) on a
free port of 127.0.0.1, with DEBUG off and the default API rate limit: the runner sets a
random ``S2C_RATE_LIMIT_EXEMPT_KEY`` for the server and sends it, so the limiter neither
refuses nor counts. ``--count-api`` sends no key and lifts ``S2C_API_RATE`` instead, so
every /api/v1 request writes its counter as in production (the database's counters
unless CACHE_URL names Redis): the difference is that write's cost.

Each target is a list of URLs asked at random by ``--processes`` x ``--threads``
keep-alive clients for ``--seconds`` after ``--warmup``, in ``--rounds`` slices, each
right after a slice of the bare view: the machine may be shared, its speed drifts, and
each target is compared with the bare rate measured beside it. Results are printed as a
Markdown table and saved in bench/out/public-<db>/results-<time>.json. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import quote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "public"))
import _setup  # noqa: E402
import benchkit  # noqa: E402

SEARCHES = ["akta kelahiran", "izin usaha", "pajak kendaraan", "jalan rusak", "beasiswa"]
PALEMBANG = "104.65,-3.08,104.85,-2.90"
EXEMPT_HEADER = "X-S2C-Rate-Limit-Key"


def prepare() -> None:
    """Migrate and seed the benchmark's database once (the demo data)."""
    marker = _setup.data_dir() / "seeded"
    if marker.exists():
        return
    for command in (["migrate"], ["seed"]):
        print(f"s2c {' '.join(command)} ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "s2c.cli", *command],
            cwd=_setup.ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    marker.touch()


def targets() -> list[tuple[str, list[str]]]:
    """Every public page and API list, each with URLs from the demo data."""
    _setup.setup_django()
    from s2c.care.models import Category
    from s2c.care.selectors import public_complaints
    from s2c.core.models import Agency, Region
    from s2c.portal.models import LifeEvent, Office
    from s2c.portal.selectors.catalogue import public_services

    services = list(public_services().values_list("code", flat=True)[:20])
    agencies = list(Agency.objects.filter(is_active=True).values_list("code", flat=True)[:20])
    regions = list(Region.objects.values_list("code", flat=True)[:17])
    offices = list(Office.objects.values_list("code", flat=True)[:20])
    events = list(LifeEvent.objects.values_list("code", flat=True)[:10])
    reports = list(public_complaints().values_list("tracking_number", flat=True)[:30])
    categories = list(Category.objects.values_list("code", flat=True)[:5])
    searches = [quote(q) for q in SEARCHES]
    return [
        ("/", ["/"]),
        ("/layanan/", ["/layanan/", "/layanan/?page=2"]),
        ("/layanan/<code>/", [f"/layanan/{c}/" for c in services]),
        ("/peristiwa/<code>/", [f"/peristiwa/{c}/" for c in events]),
        ("/instansi/", ["/instansi/"]),
        ("/instansi/<code>/", [f"/instansi/{c}/" for c in agencies]),
        ("/kantor/<code>/", [f"/kantor/{c}/" for c in offices]),
        ("/wilayah/", ["/wilayah/"]),
        ("/wilayah/<code>/", [f"/wilayah/{c}/" for c in regions]),
        ("/cari/?q= (repeated)", [f"/cari/?q={searches[0]}"]),
        ("/cari/?q= (5 questions)", [f"/cari/?q={q}" for q in searches]),
        ("/status/", ["/status/"]),
        ("/lapor/", ["/lapor/"]),
        ("/lapor/laporan/", ["/lapor/laporan/"]),
        ("/lapor/laporan/?page=", [f"/lapor/laporan/?page={p}" for p in range(1, 6)]),
        ("/lapor/laporan/<number>/", [f"/lapor/laporan/{n}/" for n in reports]),
        ("/lapor/peta/", ["/lapor/peta/"]),
        ("/lapor/peta.geojson", [f"/lapor/peta.geojson?bbox={PALEMBANG}"]),
        ("/lapor/liga/", ["/lapor/liga/"]),
        ("feed baru.atom", ["/lapor/feed/baru.atom"]),
        ("feed diperbarui.atom", ["/lapor/feed/diperbarui.atom"]),
        ("feed instansi", [f"/lapor/feed/instansi/{c}/baru.atom" for c in agencies[:5]]),
        ("feed wilayah", [f"/lapor/feed/wilayah/{c}/baru.atom" for c in regions[:5]]),
        ("api regions", ["/api/v1/regions"]),
        ("api agencies", ["/api/v1/agencies"]),
        ("api search", [f"/api/v1/search?q={q}" for q in searches]),
        ("api portal/services", ["/api/v1/portal/services", "/api/v1/portal/services?page=2"]),
        ("api portal/offices", ["/api/v1/portal/offices"]),
        ("api portal/life-events", ["/api/v1/portal/life-events"]),
        ("api portal/agencies", ["/api/v1/portal/agencies"]),
        ("api portal/status", ["/api/v1/portal/status"]),
        ("api care/categories", ["/api/v1/care/categories"]),
        ("api care/reports", ["/api/v1/care/reports", "/api/v1/care/reports?page=2"]),
        ("api care/league", ["/api/v1/care/league"]),
        ("open311 services.json", ["/open311/v2/services.json"]),
        ("open311 services.xml", ["/open311/v2/services.xml"]),
        ("open311 service def", [f"/open311/v2/services/{c}.json" for c in categories]),
        ("open311 requests.json", ["/open311/v2/requests.json"]),
        ("open311 requests.xml", ["/open311/v2/requests.xml"]),
    ]


class SlowClients:
    """``count`` connections sending an unfinished request a few bytes at a time (half
    their headers, half a body), kept open until ``close()``."""

    def __init__(self, port: int, count: int):
        self.sockets = []
        for i in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 2:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            else:
                sock.sendall(
                    b"POST /lapor/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9999\r\n\r\n"
                )
            self.sockets.append(sock)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self) -> None:
        while not self._stop.wait(0.5):
            for i, sock in enumerate(self.sockets):
                try:
                    sock.sendall(b"X-Slow: 1\r\n" if i % 2 else b"a")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.sockets:
            sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4, help="per target (and bare)")
    parser.add_argument("--rounds", type=int, default=2, help="bare/target slices per target")
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=8, help="connections per process")
    parser.add_argument("--workers", type=int, default=2, help="s2c serve --workers")
    parser.add_argument("--server-threads", type=int, default=2, help="s2c serve --threads")
    parser.add_argument("--targets", default="", help="comma-separated names")
    parser.add_argument("--count-api", action="store_true", help="count API requests")
    parser.add_argument(
        "--slow-clients",
        type=int,
        default=0,
        help="measure / and bare with 0 and this many slow connections open, nothing else",
    )
    args = parser.parse_args()
    _setup.configure()
    prepare()
    todo = targets()
    if args.targets:
        wanted = {t.strip() for t in args.targets.split(",")}
        todo = [t for t in todo if t[0] in wanted]
    key = secrets.token_urlsafe(32)
    extra_env, headers = {}, {"Accept-Language": "id"}
    if args.count_api:
        extra_env["S2C_API_RATE"] = "1000000000/min"
    else:
        extra_env["S2C_RATE_LIMIT_EXEMPT_KEY"] = key
        headers[EXEMPT_HEADER] = key
    port = benchkit.free_port()
    log = _setup.data_dir() / "serve.log"
    server = benchkit.serve(
        port,
        workers=args.workers,
        threads=args.server_threads,
        log_path=log,
        extra_env=extra_env,
    )
    options = dict(
        processes=args.processes,
        threads=args.threads,
        seconds=args.seconds,
        warmup=args.warmup,
        headers=headers,
    )
    rows = []
    try:
        if args.slow_clients:
            pages = [("bare", ["/bench/bare/"]), ("/", ["/"]), ("/layanan/", ["/layanan/"])]
            for slow in (0, args.slow_clients):
                clients = SlowClients(port, slow) if slow else None
                try:
                    for name, urls in pages:
                        row = {"target": name, "slow_clients": slow}
                        row.update(benchkit.load(port, urls, **options))
                        rows.append(row)
                        print(_line(row), flush=True)
                finally:
                    if clients:
                        clients.close()
        else:
            for name, urls in todo:
                if name == "bare":
                    continue
                row = {"target": name, "slow_clients": 0, **paired(port, urls, args, options)}
                rows.append(row)
                print(_line(row), flush=True)
    finally:
        benchkit.stop(server)
    bare = [r["rps"] for r in rows if r["target"] == "bare" and r["slow_clients"] == 0]
    bare_rps = sum(bare) / len(bare) if bare else 0
    load = os.getloadavg()
    print(
        f"\nPublic paths: {_setup.engine()}, s2c serve --workers {args.workers} --threads "
        f"{args.server_threads}, {args.processes * args.threads} keep-alive clients, "
        f"{args.seconds:g} s per target, {os.cpu_count()} CPU cores (load average "
        f"{load[0]:.1f} at the end), API requests "
        f"{'counted' if args.count_api else 'exempt (S2C_RATE_LIMIT_EXEMPT_KEY)'}\n"
    )
    print("| target | slow clients | req/s | p50 ms | p99 ms | bare req/s | % of bare | answers |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        if "percent_of_bare" not in r:  # the --slow-clients rows
            r["percent_of_bare"] = 100 * r["rps"] / bare_rps
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        print(
            f"| {r['target']} | {r['slow_clients']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r.get('bare_rps', bare_rps):.0f} | "
            f"{r['percent_of_bare']:.0f}% | {answers} |"
        )
    out = _setup.data_dir() / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps({"engine": _setup.engine(), "args": vars(args), "rows": rows}, indent=2)
    )
    print(f"\nSaved {out}")


def paired(port: int, urls: list[str], args, options: dict) -> dict:
    """The target measured in ``--rounds`` slices, each right after a slice of the bare
    view: the machine is shared, so its speed drifts, and each target is compared with
    the bare rate measured beside it."""
    seconds = args.seconds / args.rounds
    slices = {"bare": [], "target": []}
    for round_ in range(args.rounds):
        for which, asked in (("bare", ["/bench/bare/"]), ("target", urls)):
            warmup = options["warmup"] if round_ == 0 else 0
            sliced = {**options, "seconds": seconds, "warmup": warmup}
            slices[which].append(benchkit.load(port, asked, **sliced))
    target, bare = slices["target"], slices["bare"]
    rps = sum(r["rps"] for r in target) / len(target)
    bare_rps = sum(r["rps"] for r in bare) / len(bare)
    statuses: dict = {}
    for r in target:
        for status, n in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        "requests": sum(r["requests"] for r in target),
        "rps": rps,
        # The higher of the slices' (conservative).
        "p50_ms": max(r["p50_ms"] for r in target),
        "p99_ms": max(r["p99_ms"] for r in target),
        "statuses": statuses,
        "bare_rps": bare_rps,
        "percent_of_bare": 100 * rps / bare_rps,
    }


def _line(row: dict) -> str:
    percent = row.get("percent_of_bare")
    return (
        f"  {row['target']:<28} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f} ms  "
        f"p99 {row['p99_ms']:7.1f} ms  "
        + (f"{percent:4.0f}% of bare  " if percent is not None else "")
        + f"{row['statuses']}"
    )


if __name__ == "__main__":
    main()
