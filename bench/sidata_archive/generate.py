"""Write the benchmark's archive as real files: ``--count`` documents of about two pages of
Indonesian text each (the archive kind of bench/search_archive/corpus.py: titles, dates,
amounts), 60% PDF (a text layer, two pages) and 40% DOCX, into one folder per agency and
access level (``<out>/<agency>-<access>/``), as an agency would hand over its folders.

    PY=/work/main/.venv/bin/python
    $PY bench/sidata_archive/generate.py --count 10000 --out /tmp/sidata-files
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "search_archive"))
sys.path.insert(0, str(HERE.parent.parent))

AGENCIES = ("bapenda", "dinkes", "pu-bmtr", "bappeda")
ACCESSES = ("public", "public", "province", "agency", "restricted")


def folder_of(i: int) -> str:
    return f"{AGENCIES[i % len(AGENCIES)]}-{ACCESSES[(i // len(AGENCIES)) % len(ACCESSES)]}"


def _write(args) -> int:
    start, stop, out = args
    import corpus as corpus_mod

    from s2c.sidata import testfiles

    corpus = corpus_mod.Corpus()
    for i in range(start, stop):
        doc = corpus.archive(i)
        body = [p for p in doc["body"].split("\n") if p.strip()]
        paragraphs = [doc["title"], doc["summary"], *body]
        folder = Path(out) / folder_of(i)
        folder.mkdir(parents=True, exist_ok=True)
        if i % 5 < 3:
            lines = []
            for paragraph in paragraphs:
                lines += textwrap.wrap(paragraph, 95) + [""]
            half = (len(lines) + 1) // 2
            content = testfiles.text_pdf([lines[:half], lines[half:]], seed=i)
            (folder / f"arsip-{i:06d}.pdf").write_bytes(content)
        else:
            content = testfiles.docx(
                paragraphs, seed=i, table=[["No", "Uraian"], ["1", doc["title"]]]
            )
            (folder / f"arsip-{i:06d}.docx").write_bytes(content)
    return stop - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    step = 500
    chunks = [(s, min(s + step, args.count), str(out)) for s in range(0, args.count, step)]
    t0 = time.monotonic()
    done = 0
    with ProcessPoolExecutor(args.processes) as pool:
        for n in pool.map(_write, chunks):
            done += n
            print(f"\r{done:,}/{args.count:,} files", end="", file=sys.stderr, flush=True)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"\nwrote {done:,} files ({size / 1e6:,.0f} MB) in {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
