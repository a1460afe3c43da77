"""Sidata's archive benchmark (issue 14): the files of generate.py ingested by the operator
command, their text read by real ``s2c worker`` processes, OCR pages per minute, peak
memory, and the one search over the archive with its access rules in force.

    PY=/work/main/.venv/bin/python
    $PY bench/sidata_archive/generate.py --count 10000 --out /tmp/sidata-files
    S2C_DATA_DIR=/tmp/sidata-bench $PY bench/sidata_archive/run.py /tmp/sidata-files
    DATABASE_URL=postgres://... S2C_DATA_DIR=/tmp/sidata-bench-pg \
        $PY bench/sidata_archive/run.py /tmp/sidata-files

Phases (each printed with its figures, then all saved as JSON in the data directory):
1. ingest: ``sidata_ingest`` of each ``<agency>-<access>`` folder (storage, checks,
   database rows, audit, search document, queued extraction) in this process;
2. extraction: ``--workers`` (2) ``s2c worker --batch`` processes read every queued text;
   documents per second from the first task to the last, and the workers' peak memory;
3. OCR: ``--ocr-pages`` (20) generated scanned A4 pages read by ``extraction.extract``;
4. search: the engine synced, then never-asked archive questions by an anonymous visitor,
   an officer of one agency and a province admin, in this process (p50/p95).
Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "search_archive"))
import _setup  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", help="the folder generate.py wrote")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ocr-pages", type=int, default=20)
    parser.add_argument("--questions", type=int, default=300)
    args = parser.parse_args()
    _setup.setup_django()
    from django.core.management import call_command

    from s2c.core import search
    from s2c.core.models import Agency
    from s2c.core.seed import seed
    from s2c.core.tests import factories
    from s2c.sidata import extraction, testfiles
    from s2c.sidata.models import Document, DocumentVersion

    figures: dict = {"database": _setup.engine(), "data_dir": os.environ["S2C_DATA_DIR"]}
    call_command("migrate", verbosity=0)
    seed(demo_users=False, stdout=open(os.devnull, "w"))
    folders = sorted(p for p in Path(args.files).iterdir() if p.is_dir())
    officers = {}
    for code in sorted({f.name.rsplit("-", 1)[0] for f in folders}):
        agency = Agency.objects.get(code=code)
        officers[code] = factories.make_officer(agency, username=f"bench.{code}")
    admin = factories.make_province_admin(username="bench.admin")

    # 1. ingest
    before = Document.objects.count()
    t0 = time.monotonic()
    for folder in folders:
        code, access = folder.name.rsplit("-", 1)
        call_command(
            "sidata_ingest",
            str(folder),
            agency=code,
            user=officers[code].username,
            access=access,
            stdout=open(os.devnull, "w"),
            stderr=open(os.devnull, "w"),
        )
    seconds = time.monotonic() - t0
    filed = Document.objects.count() - before
    figures["ingest"] = {
        "documents": filed,
        "seconds": round(seconds, 1),
        "per_second": round(filed / seconds, 1) if seconds else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print("ingest:", json.dumps(figures["ingest"]), flush=True)

    # 2. extraction by real workers
    pending = DocumentVersion.objects.filter(extraction="pending").count()
    env = {**os.environ}
    t0 = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "s2c.cli", "worker", "--batch"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    for w in workers:
        w.wait()
    seconds = time.monotonic() - t0
    done = DocumentVersion.objects.filter(extraction="done").count()
    failed = DocumentVersion.objects.filter(extraction="failed").count()
    figures["extraction"] = {
        "queued": pending,
        "done": done,
        "failed": failed,
        "seconds": round(seconds, 1),
        "per_second": round(pending / seconds, 1) if seconds else None,
        "workers": args.workers,
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }
    print("extraction:", json.dumps(figures["extraction"]), flush=True)

    # 3. OCR
    corpus_lines = [
        "LAPORAN KEUANGAN DAERAH",
        "Pemerintah Provinsi Sumatera Selatan",
        "Realisasi pendapatan asli daerah tahun anggaran 2019",
        "Belanja pegawai, belanja barang dan jasa, belanja modal",
        "Demikian laporan ini dibuat untuk dipergunakan sebagaimana mestinya.",
    ]
    pages = [corpus_lines[i % 5 :] + corpus_lines[: i % 5] for i in range(args.ocr_pages)]
    scan = testfiles.scanned_pdf(pages, seed=7)
    t0 = time.monotonic()
    read = extraction.extract(scan, "application/pdf")
    seconds = time.monotonic() - t0
    figures["ocr"] = {
        "pages": read.ocr_pages,
        "seconds": round(seconds, 1),
        "pages_per_minute": round(read.ocr_pages / seconds * 60, 1) if seconds else None,
        "found_words": all(w in read.text.lower() for w in ("laporan", "keuangan", "sumatera")),
    }
    print("ocr:", json.dumps(figures["ocr"]), flush=True)

    # 4. search with the access rules in force
    while search.sync():
        pass
    import corpus as corpus_mod

    scale = filed / corpus_mod.SIZES["archive"]
    questions = [
        q
        for q in corpus_mod.Corpus().questions(random.Random(1405), args.questions * 2, 1.0)
        if not q.get("types") and not q.get("agency_ids") and not q.get("region_ids")
    ][: args.questions]
    figures["search"] = {"scale_of_archive_corpus": round(scale, 3)}
    for name, user in (
        ("anonymous", None),
        ("officer", next(iter(officers.values()))),
        ("province_admin", admin),
    ):
        for q in questions[:20]:
            search.query(
                user=user, q=q["q"], types=["sidata.document"], prefix=bool(q.get("prefix"))
            )
        times, totals = [], []
        for q in questions[20:]:
            t0 = time.perf_counter()
            found = search.query(
                user=user, q=q["q"], types=["sidata.document"], prefix=bool(q.get("prefix"))
            )
            times.append((time.perf_counter() - t0) * 1000)
            totals.append(found.total)
        figures["search"][name] = {
            "p50": pct(times, 50),
            "p95": pct(times, 95),
            "median_total": statistics.median(totals),
        }
        print(f"search as {name}:", json.dumps(figures["search"][name]), flush=True)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["load_avg"] = os.getloadavg()
    out = Path(os.environ["S2C_DATA_DIR"]) / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, indent=1))
    print(f"saved {out}")


if __name__ == "__main__":
    main()
