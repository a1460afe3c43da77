"""Seed the portal benchmark's data: 100,000 published services across 300 agencies, with
offices, requirements, procedure steps and life events, and their search documents through
core search's bulk API (plus the real demo catalogue, so "perpanjang stnk" has answers),
then the Indonesian service pages rendered ahead as the worker would (one process per core;
about 5 minutes for 100,000 pages on 2 cores, up to 15 on a busy machine; ``--no-render``
to leave it).

    .venv/bin/python bench/portal/generate.py                     # SQLite, bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_portal_bench \\
        .venv/bin/python bench/portal/generate.py
    .venv/bin/python bench/portal/generate.py --services 20000 --agencies 60

Idempotent: services already there (codes bench-000000...) are kept. Not a test.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
from decimal import Decimal

import _setup

_setup.setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from s2c.core import search  # noqa: E402
from s2c.core.models import Agency, Region  # noqa: E402
from s2c.core.permissions import Visibility  # noqa: E402
from s2c.core.seed import seed_agencies, seed_regions  # noqa: E402
from s2c.portal.models import (  # noqa: E402
    LifeEvent,
    Office,
    Service,
    ServiceRequirement,
    ServiceStep,
)
from s2c.portal.search_types import _agencies, _offices  # noqa: E402
from s2c.portal.seed import seed_demo  # noqa: E402

ACTIONS = [
    "Penerbitan",
    "Perpanjangan",
    "Pendaftaran",
    "Permohonan",
    "Pengesahan",
    "Rekomendasi",
    "Legalisir",
    "Pelayanan",
    "Pemeriksaan",
    "Pembaruan",
    "Konsultasi",
    "Verifikasi",
    "Pencabutan",
    "Perubahan",
    "Penggantian",
]
OBJECTS = [
    "Izin Usaha",
    "Surat Keterangan",
    "Sertifikat",
    "Izin Trayek",
    "Kartu Anggota",
    "Izin Praktik",
    "Dokumen Lingkungan",
    "Bantuan Sosial",
    "Beasiswa",
    "Izin Penelitian",
    "Rawat Jalan",
    "Uji Laboratorium",
    "Pelatihan Kerja",
    "Izin Reklame",
    "Izin Penangkapan Ikan",
    "Izin Perkebunan",
    "Sertifikasi Halal",
    "Data Statistik",
    "Izin Lingkungan",
    "Izin Pertambangan",
    "Tanda Daftar Gudang",
    "Izin Lembaga Pelatihan",
    "Rekomendasi Teknis",
    "Izin Angkutan Barang",
]
QUALIFIERS = [
    "Perorangan",
    "Badan Usaha",
    "Koperasi",
    "Nelayan",
    "Pelajar",
    "Lansia",
    "UMKM",
    "Kelompok Tani",
    "Kelas A",
    "Kelas B",
    "Tahunan",
    "Lima Tahunan",
    "Daring",
    "Keliling",
    "Penyandang Disabilitas",
    "Pekerja Migran",
]
REQUIREMENTS = [
    "KTP asli pemohon",
    "Kartu keluarga",
    "NPWP",
    "Pas foto 3x4 dua lembar",
    "Surat permohonan bermeterai",
    "Akta pendirian badan usaha",
    "NIB",
    "Surat keterangan domisili",
    "Fotokopi ijazah terakhir",
    "Surat kuasa bila diwakilkan",
    "Denah lokasi",
    "Rekomendasi dari kabupaten/kota",
]
STEPS = [
    "Ambil nomor antrean",
    "Serahkan berkas di loket",
    "Petugas memeriksa kelengkapan",
    "Bayar retribusi bila ada",
    "Verifikasi lapangan",
    "Terima produk layanan",
]
UNITS = ["minutes", "hours", "working_days", "days"]


def ensure_agencies(n: int) -> list[Agency]:
    existing = {a.code for a in Agency.objects.filter(code__startswith="bench-opd-")}
    regions = list(Region.objects.all())
    new = [
        Agency(
            code=f"bench-opd-{i:03d}",
            short_name=f"OPD {i:03d}",
            name=f"Dinas Contoh Benchmark {i:03d}",
            kind=Agency.Kind.DINAS,
            region=regions[i % len(regions)],
            phone="0711-000000",
        )
        for i in range(n)
        if f"bench-opd-{i:03d}" not in existing
    ]
    Agency.objects.bulk_create(new, batch_size=500)
    return list(Agency.objects.filter(code__startswith="bench-opd-").order_by("code")[:n])


def ensure_offices(agencies: list[Agency]) -> dict[int, Office]:
    have = {o.agency_id: o for o in Office.objects.filter(agency__in=agencies)}
    regions = {r.pk: r for r in Region.objects.all()}
    new = []
    for agency in agencies:
        if agency.pk in have:
            continue
        region = regions.get(agency.region_id)
        new.append(
            Office(
                agency=agency,
                code=f"{agency.code}-kantor",
                name=f"Kantor {agency.short_name}",
                address=f"Jl. Contoh No. {agency.pk}, {region.name if region else 'Palembang'}",
                region=region,
                latitude=(region.latitude if region else Decimal("-2.98")),
                longitude=(region.longitude if region else Decimal("104.75")),
                hours="Senin–Jumat 08.00–16.00 WIB",
            )
        )
    Office.objects.bulk_create(new, batch_size=500)
    return {o.agency_id: o for o in Office.objects.filter(agency__in=agencies)}


def document(s: Service, agency: Agency, reqs: list[str], steps: list[str]) -> search.Document:
    return search.Document(
        title=s.name,
        url=f"/layanan/{s.code}/",
        summary=s.summary,
        body=" ".join([s.description, " ".join(reqs), " ".join(steps), s.product, agency.name]),
        keywords=f"{s.keywords} {agency.short_name}",
        visibility=Visibility.PUBLIC,
        agency_id=agency.pk,
    )


def generate_services(n: int, agencies: list[Agency], offices: dict[int, Office], batch: int):
    rng = random.Random(20251)
    events = list(LifeEvent.objects.all())
    done = Service.objects.filter(code__startswith="bench-").count()
    now = timezone.now()
    started = time.monotonic()
    LE = Service.life_events.through
    OF = Service.offices.through
    for start in range(done, n, batch):
        rows, extras = [], []
        for i in range(start, min(n, start + batch)):
            agency = agencies[i % len(agencies)]
            name = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
            free = rng.random() < 0.6
            reqs = rng.sample(REQUIREMENTS, 3)
            steps = rng.sample(STEPS, 3)
            rows.append(
                Service(
                    code=f"bench-{i:06d}",
                    agency=agency,
                    status="published",
                    published_at=now,
                    name=name,
                    summary=f"{name} oleh {agency.short_name}.",
                    description=f"Layanan {name.lower()} bagi masyarakat Sumatera Selatan.",
                    keywords=name.lower(),
                    target_users="Masyarakat umum",
                    processing_time_value=rng.randint(1, 14),
                    processing_time_unit=rng.choice(UNITS),
                    is_free=free,
                    cost="" if free else "Sesuai peraturan daerah tentang retribusi",
                    product=f"Dokumen {name.lower()}",
                    legal_basis="Peraturan Daerah Contoh",
                    complaint_channel="Sumsel Care",
                    view_count=rng.randint(0, 5000),
                )
            )
            extras.append((agency, reqs, steps, rng.choice(events)))
        with transaction.atomic():
            Service.objects.bulk_create(rows, batch_size=1000)
            if rows[0].pk is None:  # a backend that does not return ids
                by_code = dict(
                    Service.objects.filter(code__in=[r.code for r in rows]).values_list(
                        "code", "pk"
                    )
                )
                for r in rows:
                    r.pk = r.id = by_code[r.code]
            ServiceRequirement.objects.bulk_create(
                [
                    ServiceRequirement(service=s, position=p, text=t)
                    for s, (_a, reqs, _st, _e) in zip(rows, extras, strict=True)
                    for p, t in enumerate(reqs, 1)
                ],
                batch_size=2000,
            )
            ServiceStep.objects.bulk_create(
                [
                    ServiceStep(service=s, position=p, text=t)
                    for s, (_a, _r, steps, _e) in zip(rows, extras, strict=True)
                    for p, t in enumerate(steps, 1)
                ],
                batch_size=2000,
            )
            LE.objects.bulk_create(
                [
                    LE(service_id=s.pk, lifeevent_id=e.pk)
                    for s, (_a, _r, _st, e) in zip(rows, extras, strict=True)
                ],
                batch_size=2000,
            )
            OF.objects.bulk_create(
                [
                    OF(service_id=s.pk, office_id=offices[a.pk].pk)
                    for s, (a, _r, _st, _e) in zip(rows, extras, strict=True)
                ],
                batch_size=2000,
            )
        search.index_documents(
            ("portal.service", s.pk, document(s, a, reqs, steps))
            for s, (a, reqs, steps, _e) in zip(rows, extras, strict=True)
        )
        total = start + len(rows)
        rate = (total - done) / (time.monotonic() - started)
        print(f"  {total:,} services ({rate:,.0f}/s)", flush=True)


def render_pages(processes: int) -> None:
    """Render the Indonesian service pages ahead, as the worker does after a bulk load
    (the load test asks in Indonesian; the worker renders the English ones later)."""
    started = time.monotonic()
    shards = [
        subprocess.Popen(
            [
                sys.executable,
                str(_setup.ROOT / "manage.py"),
                "portal_render_pages",
                "--language",
                "id",
                "--shard",
                f"{i}/{processes}",
            ],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        for i in range(processes)
    ]
    if any(p.wait() for p in shards):
        raise SystemExit("Rendering the service pages failed.")
    print(f"  service pages rendered ahead ({time.monotonic() - started:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument(
        "--render-processes", type=int, default=os.cpu_count() or 1, help="to render pages"
    )
    parser.add_argument("--no-render", action="store_true", help="leave pages to the worker")
    args = parser.parse_args()
    print(f"Database: {_setup.engine()}; data directory: {_setup.data_dir()}")
    call_command("migrate", verbosity=0)
    seed_regions()
    seed_agencies()
    seed_demo(stdout=io.StringIO())
    started = time.monotonic()
    agencies = ensure_agencies(args.agencies)
    offices = ensure_offices(agencies)
    generate_services(args.services, agencies, offices, args.batch)
    search.index_many(_agencies())
    search.index_many(_offices())
    if not args.no_render:
        render_pages(args.render_processes)
    print(
        f"Ready: {Service.objects.filter(status='published').count():,} published services, "
        f"{Agency.objects.count()} agencies ({time.monotonic() - started:.0f} s)."
    )


if __name__ == "__main__":
    main()
