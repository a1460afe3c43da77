"""Measure Sumsel Care on the generated data (run generate.py first):

- submissions per second through the HTTP API (gunicorn on a local port, 50 concurrent
  clients), without and with a photo, then a check that no submission was lost or
  duplicated;
- p50/p95 of the agency inbox page (overdue first), of a tracking-number lookup (page and
  API), of the public map's GeoJSON for a city-sized box (Palembang);
- the time to compute the statistics page (cold rebuild of the monthly figures, the page
  from them, and the incremental refresh after the submissions).

    .venv/bin/python bench/care/run.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_care_bench .venv/bin/python bench/care/run.py

Pages are timed in-process with Django's test client (no network), as served with DEBUG
off. Results are printed and written to bench/out/care-<db>/results.json. Not a test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import _setup

_setup.setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from PIL import Image  # noqa: E402

from s2c.care.models import Complaint  # noqa: E402
from s2c.care.selectors import stats  # noqa: E402
from s2c.care.services import statistics_refresh  # noqa: E402
from s2c.core.models import User  # noqa: E402

PALEMBANG = "104.65,-3.08,104.85,-2.90"  # west,south,east,north: about 22 x 20 km


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def timed(client: Client, url: str, n: int, expect: int = 200, urls=None) -> dict:
    for i in range(3):  # warm the caches and the connection
        client.get(urls[i % len(urls)] if urls else url)
    samples = []
    for i in range(n):
        target = urls[i % len(urls)] if urls else url
        started = time.perf_counter()
        response = client.get(target)
        samples.append(time.perf_counter() - started)
        assert response.status_code == expect, (target, response.status_code)
    return percentiles(samples)


def random_numbers(n: int) -> list[str]:
    top = Complaint.objects.order_by("-id").values_list("id", flat=True).first()
    ids = random.Random(7).sample(range(1, top + 1), min(n * 2, top))
    return list(Complaint.objects.filter(id__in=ids).values_list("tracking_number", flat=True))[:n]


def measure_reads(samples: int) -> dict:
    officer = User.objects.get(username="bench.officer")
    supervisor = User.objects.get(username="bench.supervisor")
    staff = Client()
    staff.force_login(officer)
    public = Client()
    numbers = random_numbers(samples)
    open_count = Complaint.objects.filter(agency__code="pu-bmtr", is_open=True).count()
    overdue_count = Complaint.objects.filter(
        agency__code="pu-bmtr", is_open=True, deadline__lt=stats.calendar.today()
    ).count()
    results = {
        "agency_open_reports": open_count,
        "agency_overdue_reports": overdue_count,
        "inbox_page": timed(
            staff, "/staf/care/", samples, urls=[f"/staf/care/?page={p}" for p in (1, 2, 3, 1, 5)]
        ),
        "inbox_overdue_only": timed(staff, "/staf/care/?overdue=1", samples),
        "tracking_page": timed(
            public, "/lapor/lacak/", samples, urls=[f"/lapor/lacak/?number={n}" for n in numbers]
        ),
        "tracking_api": timed(
            public,
            "/api/v1/care/track/x",
            samples,
            urls=[f"/api/v1/care/track/{n}" for n in numbers],
        ),
    }
    geo = public.get(f"/lapor/peta.geojson?bbox={PALEMBANG}").json()
    results["map_bbox_open"] = timed(public, f"/lapor/peta.geojson?bbox={PALEMBANG}", samples)
    results["map_bbox_open"]["features"] = len(geo["features"])
    results["map_bbox_completed"] = timed(
        public, f"/lapor/peta.geojson?bbox={PALEMBANG}&status=completed", samples // 2
    )
    started = time.perf_counter()
    months = statistics_refresh(full=True)
    results["statistics_cold_rebuild_s"] = round(time.perf_counter() - started, 2)
    results["statistics_months"] = months
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        start, end = stats.default_period()
        stats.compute(start=start, end=end)
        warm.append(time.perf_counter() - started)
    results["statistics_compute"] = percentiles(warm)
    boss = Client()
    boss.force_login(supervisor)
    results["statistics_page"] = timed(boss, "/staf/care/statistik/", 5)
    results["statistics_page_24_months"] = timed(
        boss, "/staf/care/statistik/?from=2024-01&to=2026-12", 5
    )
    return results


def photo_bytes() -> bytes:
    """A phone-like photo: 1600x1200 with noise, about 0.5 MB."""
    rng = random.Random(3)
    image = Image.new("RGB", (1600, 1200))
    image.putdata(
        [
            (rng.randrange(256), rng.randrange(120, 200), rng.randrange(60))
            for _ in range(1600 * 1200)
        ]
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def multipart(fields: dict, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for filename, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def start_server(port: int, workers: int) -> subprocess.Popen:
    cmd = [
        str(_setup.ROOT / ".venv" / "bin" / "gunicorn"),
        "s2c.wsgi:application",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--chdir",
        str(_setup.ROOT),
    ]
    server = subprocess.Popen(cmd, env=os.environ.copy())
    try:
        return _wait_until_up(server, port)
    except BaseException:
        server.terminate()
        server.wait(timeout=30)
        raise


def _wait_until_up(server: subprocess.Popen, port: int) -> subprocess.Popen:
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} (port {port} in use?)")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/v1/care/categories", timeout=30
            ) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def submit_many(port: int, n: int, clients: int, photo: bytes | None) -> dict:
    run = uuid.uuid4().hex[:8]
    url = f"http://127.0.0.1:{port}/api/v1/care/reports"

    def one(i: int):
        body, ctype = multipart(
            {
                "category": "jalan-rusak",
                "title": f"bench-{run}-{i:06d} jalan berlubang",
                "description": "Lubang besar di jalan provinsi, diuji oleh benchmark.",
                "privacy": "public",
                "email": f"bench{i}@example.org",
                "attribute[ukuran]": "besar",
                "latitude": "-2.99",
                "longitude": "104.76",
            },
            [("lubang.jpg", photo)] if photo else [],
        )
        request = urllib.request.Request(url, data=body, headers={"Content-Type": ctype})
        try:
            with urllib.request.urlopen(request, timeout=120) as r:
                return r.status, json.loads(r.read())["tracking_number"]
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()[:200].decode(errors="replace")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        answers = list(pool.map(one, range(n)))
    elapsed = time.perf_counter() - started
    ok = [number for status, number in answers if status == 201]
    failed = [(status, text) for status, text in answers if status != 201]
    stored = dict(
        Complaint.objects.filter(title__startswith=f"bench-{run}-").values_list(
            "tracking_number", "title"
        )
    )
    return {
        "submissions": n,
        "clients": clients,
        "photo_bytes": len(photo) if photo else 0,
        "seconds": round(elapsed, 2),
        "per_second": round(n / elapsed, 1),
        "accepted": len(ok),
        "failed": len(failed),
        "failures": failed[:3],
        "stored": len(stored),
        "distinct_titles": len(set(stored.values())),
        "lost": len(set(ok) - set(stored)),
        "duplicated": len(stored) - len(set(stored.values())),
        "answers_match_rows": set(ok) == set(stored),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--photo-submissions", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument("--skip-reads", action="store_true")
    args = parser.parse_args()
    total = Complaint.objects.count()
    results = {"database": connection.vendor, "reports": total}
    print(f"{connection.vendor}: {total} reports", flush=True)
    if not args.skip_reads:
        results.update(measure_reads(args.samples))
        print(json.dumps(results, indent=2), flush=True)
    connection.close()
    server = start_server(args.port, args.workers)
    try:
        results["submit_without_photo"] = submit_many(
            args.port, args.submissions, args.clients, None
        )
        print(json.dumps(results["submit_without_photo"], indent=2), flush=True)
        results["submit_with_photo"] = submit_many(
            args.port, args.photo_submissions, args.clients, photo_bytes()
        )
        print(json.dumps(results["submit_with_photo"], indent=2), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    started = time.perf_counter()
    results["statistics_refresh_after_submissions_s"] = {
        "months": statistics_refresh(),
        "seconds": round(time.perf_counter() - started, 2),
    }
    started = time.perf_counter()
    start, end = stats.default_period()
    stats.compute(start=start, end=end)
    results["statistics_compute_after_refresh_ms"] = round(
        (time.perf_counter() - started) * 1000, 1
    )
    out = _setup.data_dir() / "results.json"
    if args.skip_reads and out.exists():  # keep the read figures of the last full run
        results = {**json.loads(out.read_text()), **results}
    out.write_text(json.dumps(results, indent=2))
    print(f"written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
