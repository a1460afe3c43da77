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
        paths = [str(ROOT), str(ROOT / "bench"), str(self.here)]  # benchkit, the bench
        for p in paths:
            if p not in sys.path:
                sys.path.insert(0, p)
        os.environ["DJANGO_SETTINGS_MODULE"] = self.settings
        os.environ.setdefault("S2C_DATA_DIR", str(self.data_dir()))
        os.environ.setdefault("S2C_SITE_URL", "http://127.0.0.1:8000")
        os.environ["PYTHONPATH"] = os.pathsep.join(paths)

    def setup_django(self) -> None:
        self.configure()
        import django  # after configure(): the settings module is chosen there

        django.setup()


# --- Serving and load (used by bench/public_paths.py) -------------------------------------


def bare(request):
    """The smallest Django view: the yardstick a benchmark compares pages against, served
    by the same server through the same middleware."""
    from django.http import HttpResponse

    return HttpResponse(b"ok", content_type="text/plain")


def with_bare(urlpatterns: list) -> list:
    """``urlpatterns`` with /bench/bare/ in front (a benchmark's ROOT_URLCONF)."""
    from django.urls import path

    return [path("bench/bare/", bare), *urlpatterns]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, *, workers: int, threads: int, log_path: Path, extra_env=None):
    """The real ``s2c serve`` on 127.0.0.1:``port`` with the benchmark's settings (the
    environment ``Bench.configure`` set); returns the process once /bench/bare/ answers."""
    import http.client
    import subprocess
    import time

    env = {**os.environ, **(extra_env or {})}
    command = [
        sys.executable,
        "-m",
        "s2c.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    log = open(log_path, "w")  # noqa: SIM115 -- the server writes to it until stopped
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise SystemExit(f"s2c serve did not start: see {log_path}")


def stop(proc) -> None:
    import signal
    import subprocess

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _client(args) -> tuple[list[float], dict]:
    """One client process: ``threads`` keep-alive connections asking for random URLs of
    ``urls`` until ``until`` (time.monotonic()); latencies and answers by status."""
    import http.client
    import random
    import threading
    import time

    port, urls, headers, threads, until, seed = args
    latencies: list[float] = []
    statuses: dict = {}
    lock = threading.Lock()

    def run(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, seen = [], {}
        while time.monotonic() < until:
            url = rng.choice(urls)
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = "error"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - started)
            seen[status] = seen.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, statuses


def load(
    port: int,
    urls: list[str],
    *,
    processes: int,
    threads: int,
    seconds: float,
    warmup: float,
    headers: dict | None = None,
) -> dict:
    """Requests per second, p50 and p99 (ms) of GETs of ``urls`` by ``processes`` x
    ``threads`` keep-alive clients, after ``warmup`` seconds; answers by status."""
    import time
    from concurrent.futures import ProcessPoolExecutor

    headers = headers or {}
    with ProcessPoolExecutor(max_workers=processes) as pool:
        if warmup:
            until = time.monotonic() + warmup
            list(
                pool.map(
                    _client, [(port, urls, headers, threads, until, p) for p in range(processes)]
                )
            )
        started = time.monotonic()
        until = started + seconds
        results = list(
            pool.map(
                _client, [(port, urls, headers, threads, until, 100 + p) for p in range(processes)]
            )
        )
        elapsed = time.monotonic() - started
    latencies = sorted(x for r in results for x in r[0])
    statuses: dict = {}
    for _, seen in results:
        for status, n in seen.items():
            statuses[str(status)] = statuses.get(str(status), 0) + n

    def percentile(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "statuses": statuses,
    }
