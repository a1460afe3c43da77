"""Search benchmark: N synthetic Indonesian-ish documents on the configured database, then
p50/p95 of search.query() for several queries and users.

    .venv/bin/python bench/search_bench.py                 # 100,000 documents, SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/search_bench.py --docs 100000
    .venv/bin/python bench/search_bench.py --clean         # remove the bench data

Documents are written under types "bench.*" (with bench agencies, regions and users) and
kept between runs: a second run with the same --docs reuses them. The database must be
migrated (e.g. S2C_DATA_DIR=/tmp/s2c-search-bench .venv/bin/python manage.py migrate, then
the same S2C_DATA_DIR for the bench). The result cache is off (S2C_SEARCH_CACHE_SECONDS=0)
so every query reaches the index. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s2c.settings")
# The engine is measured, not the short-lived cache of public answers in front of it.
os.environ.setdefault("S2C_SEARCH_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from s2c.core import search  # noqa: E402
from s2c.core.models import Agency, Membership, Region, User  # noqa: E402
from s2c.core.permissions import Visibility  # noqa: E402
from s2c.core.search.models import SearchDocument  # noqa: E402

TYPES = ["bench.service", "bench.news", "bench.complaint", "bench.dataset", "bench.letter"]
# Only registered types are searched: the bench's types are registered for this process.
for _key in TYPES:
    search.register(
        search.SearchType(
            key=_key,
            label=_key,
            model="search.SearchDocument",
            document=lambda obj: None,
            queryset=lambda: [],
        )
    )
DOMAIN = """pajak kendaraan bermotor perpanjangan stnk samsat motor mobil pelayanan kesehatan
rumah sakit puskesmas jalan rusak berlubang jembatan banjir sampah drainase lampu
penerangan sekolah pendidikan beasiswa guru izin usaha perizinan investasi pertanian
padi sawit karet kopi perikanan nelayan pariwisata wisata sungai musi jembatan ampera
palembang prabumulih lubuklinggau pagar alam ogan komering ilir ulu banyuasin musi
rawas lahat muara enim empat lawang penukal abab lematang sumatera selatan provinsi
kabupaten kota kecamatan desa kelurahan dinas badan biro sekretariat inspektorat
pengaduan aspirasi informasi publik data statistik anggaran keuangan laporan kegiatan
program bantuan sosial kependudukan akta kelahiran kartu keluarga ktp elektronik
pengumuman jadwal layanan keliling gratis online daring pendaftaran persyaratan
dokumen surat keputusan gubernur peraturan daerah rapat koordinasi pembangunan
infrastruktur air bersih listrik internet wifi telekomunikasi transportasi angkutan
bus terminal pelabuhan bandara kesehatan ibu anak gizi imunisasi vaksinasi bencana
kebakaran hutan lahan asap kemacetan lalu lintas parkir pasar harga sembako""".split()
STOP = "dan yang di ke dari untuk dengan pada dalam oleh bagi".split()
SYLLABLES = "ba be bi bu ka ke ki ku la le li lu ma me mi mu na ne ni nu pa pe pi pu ra re ri ru sa se si su ta te ti tu ja ju ga gu da du ha wa ya ng an ar".split()  # noqa: E501
PREFIXES = ["", "", "", "me", "pe", "ber", "di", "ter", "pen", "mem"]
SUFFIXES = ["", "", "", "an", "kan", "nya", "i"]

QUERIES = [
    ("pajak", {}),
    ("perpanjang stnk motor", {}),
    ("pelayanan kesehatan palembang", {}),
    ("jalan rusak berlubang banyuasin", {}),
    ("sumatera selatan", {}),
    ("samsatt", {}),
    ("kendaran bermotor", {}),
    ("kes", {"prefix": True}),
    ("dinas kese", {"prefix": True}),
    ("pajak", {"types": ["bench.news"]}),
    ("laporan keuangan", {"page": 5}),
    ("xqzvbn", {}),
]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(dict.fromkeys(DOMAIN))
    seen = set(words) | set(STOP)
    while len(words) < size:
        root = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        word = rng.choice(PREFIXES) + root + rng.choice(SUFFIXES)
        if word not in seen:
            seen.add(word)
            words.append(word)
    # Mix domain words into the Zipf ranks instead of making them all the most common.
    head, tail = words[: len(DOMAIN)], words[len(DOMAIN) :]
    mixed = []
    for i, word in enumerate(tail):
        mixed.append(word)
        if i % 7 == 0 and head:
            mixed.append(head.pop(0))
    return STOP + mixed + head


def sentence(rng, words, weights, n: int) -> str:
    chosen = rng.choices(words, cum_weights=weights, k=n)
    return " ".join(chosen).capitalize() + "."


def setup_people(agencies: int, regions: int):
    region_objs = []
    for i in range(regions):
        region, _ = Region.objects.get_or_create(
            code=f"bench{i:02d}", defaults={"name": f"Bench {i}", "kind": "kabupaten"}
        )
        region_objs.append(region)
    agency_objs = []
    for i in range(agencies):
        agency, _ = Agency.objects.get_or_create(
            code=f"bench-agency-{i}",
            defaults={"short_name": f"Bench {i}", "name": f"Dinas Bench {i}", "kind": "dinas"},
        )
        agency_objs.append(agency)
    officer, _ = User.objects.get_or_create(username="bench-officer")
    Membership.objects.get_or_create(user=officer, agency=agency_objs[0], role="officer")
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_province_admin": True}
    )
    return agency_objs, region_objs, officer, admin


def generate(n: int, agencies, regions, seed: int) -> None:
    rng = random.Random(seed)
    words = vocabulary(rng, 20_000)
    weights, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        weights.append(total)
    visibilities = (
        [Visibility.PUBLIC] * 7 + [Visibility.STAFF] + [Visibility.AGENCY] + [Visibility.ADMIN]
    )

    def entries():
        for i in range(n):
            agency = rng.choice(agencies)
            yield (
                rng.choice(TYPES),
                f"b{i}",
                search.Document(
                    title=sentence(rng, words, weights, rng.randint(4, 8)),
                    summary=sentence(rng, words, weights, rng.randint(15, 25)),
                    body=" ".join(
                        sentence(rng, words, weights, 12) for _ in range(rng.randint(6, 16))
                    ),
                    keywords=" ".join(rng.choices(words[:2000], k=3)),
                    url=f"/bench/{i}/",
                    visibility=rng.choice(visibilities),
                    agency_id=agency.pk,
                    region_id=rng.choice(regions).pk if rng.random() < 0.8 else None,
                ),
            )

    started = time.perf_counter()
    done = 0
    batch = []
    for entry in entries():
        batch.append(entry)
        if len(batch) == 5000:
            done += search.index_documents(batch)
            batch = []
            print(f"  {done} documents, {time.perf_counter() - started:.0f} s", flush=True)
    if batch:
        done += search.index_documents(batch)
    print(f"indexed {done} documents in {time.perf_counter() - started:.0f} s")
    # The documents reach the engine's index as the worker would bring them.
    started = time.perf_counter()
    applied = search.sync()
    elapsed = time.perf_counter() - started
    print(f"index brought up to date in {elapsed:.0f} s ({applied} documents)")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(users, repeat: int) -> list[float]:
    all_p95 = []
    print(f"{'query':<40} {'user':<10} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}  suggestion")
    for q, kwargs in QUERIES:
        for name, user in users:
            search.query(user=user, q=q, **kwargs)  # warm caches
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                results = search.query(user=user, q=q, **kwargs)
                times.append((time.perf_counter() - started) * 1000)
            p50, p95 = statistics.median(times), percentile(times, 95)
            all_p95.append(p95)
            label = q + (" " + str(kwargs) if kwargs else "")
            print(
                f"{label[:40]:<40} {name:<10} {results.total:>7} {p50:>8.1f} {p95:>8.1f}"
                f"  {results.suggestion or ''}"
            )
    return all_p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--clean", action="store_true", help="remove the bench data and exit")
    args = parser.parse_args()

    if args.clean:
        from s2c.core.search.indexing import delete_documents

        delete_documents(SearchDocument.objects.filter(type__startswith="bench."))
        search.sync()
        User.objects.filter(username__startswith="bench-").delete()
        Agency.objects.filter(code__startswith="bench-agency-").delete()
        Region.objects.filter(code__startswith="bench").delete()
        print("bench data removed")
        return

    agencies, regions, officer, admin = setup_people(40, 17)
    have = SearchDocument.objects.filter(type__startswith="bench.").count()
    print(f"database: {connection.vendor}; bench documents present: {have}")
    if have != args.docs:
        from s2c.core.search.indexing import delete_documents

        delete_documents(SearchDocument.objects.filter(type__startswith="bench."))
        search.sync()
        generate(args.docs, agencies, regions, args.seed)
    users = [("anonymous", None), ("officer", officer), ("admin", admin)]
    p95s = measure(users, args.repeat)
    print(f"worst p95: {max(p95s):.1f} ms; median of p95s: {statistics.median(p95s):.1f} ms")


if __name__ == "__main__":
    main()
