"""Seed the Sidata CKAN benchmark: the reference data (regions, agencies), 10 topics and
``--count`` (default 10,000) published datasets with 1-6 tags from a pool of 400 words and
1-3 resources (links in CSV, XLSX, JSON, GeoJSON, PDF), metadata_modified spread over two
years, written with bulk_create.

    .venv/bin/python bench/sidata_ckan/generate.py          # SQLite, bench/out/sidata_ckan-sqlite/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_sidata_bench \\
        .venv/bin/python bench/sidata_ckan/generate.py

Adds datasets until there are ``--count``. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import _setup

_setup.setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from s2c.core.models import Agency, Region  # noqa: E402
from s2c.core.seed import seed_agencies, seed_regions  # noqa: E402
from s2c.sidata.models import Dataset, Resource, Tag, Topic  # noqa: E402
from s2c.sidata.seed_datasets import TOPICS  # noqa: E402

SUBJECTS = (
    "penduduk sekolah guru murid puskesmas rumah-sakit dokter bidan jalan jembatan banjir "
    "karhutla hotspot wisatawan hotel karet sawit kopi padi jagung ikan koperasi umkm pajak "
    "kendaraan sampah air sanitasi listrik internet desa kecamatan pasar harga inflasi "
    "kemiskinan bansos pkh stunting gizi imunisasi lansia disabilitas perempuan anak pemuda "
    "olahraga budaya perpustakaan arsip anggaran pendapatan belanja aset pegawai"
).split()
MEASURES = ["jumlah", "persentase", "rasio", "indeks", "capaian", "luas", "produksi", "realisasi"]
FORMATS = ["CSV", "CSV", "CSV", "XLSX", "XLSX", "JSON", "GeoJSON", "PDF"]
LICENCES = ["cc-by", "cc-by", "cc-by", "cc-by-sa", "cc-zero", "odc-odbl", "other-open"]
FREQUENCIES = [c[0] for c in Dataset.Frequency.choices]


def tag_pool(rng: random.Random) -> list[str]:
    words = set(SUBJECTS)
    regions = [r.name.lower() for r in Region.objects.all()]
    words |= {f"{m} {s}" for m in MEASURES for s in rng.sample(SUBJECTS, 25)}
    words |= set(regions)
    words |= {str(y) for y in range(2015, 2026)}
    return sorted(words)[:400]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seed_regions()
    seed_agencies()
    for name, title, description in TOPICS:
        Topic.objects.get_or_create(
            name=name, defaults={"title": title, "description": description}
        )
    rng = random.Random(10_000)
    tags = {t: Tag.objects.get_or_create(name=t)[0] for t in tag_pool(rng)}
    tag_objs = list(tags.values())
    agencies = list(Agency.objects.filter(is_active=True))
    topics = list(Topic.objects.all())
    regions = list(Region.objects.all())
    have = Dataset.objects.filter(name__startswith="bench-").count()
    now = timezone.now()
    Through = Dataset.tags.through
    while have < args.count:
        n = min(args.batch, args.count - have)
        with transaction.atomic():
            made = []
            for i in range(have, have + n):
                subject, measure = rng.choice(SUBJECTS), rng.choice(MEASURES)
                region = rng.choice(regions + [None] * 5)
                year = rng.randint(2015, 2025)
                where = region.display_name if region else "Provinsi Sumatera Selatan"
                modified = now - dt.timedelta(seconds=rng.randint(0, 730 * 86400))
                made.append(
                    Dataset(
                        name=f"bench-{i:06d}-{subject}-{year}",
                        title=f"{measure.capitalize()} {subject.replace('-', ' ')} {where} {year}",
                        notes=(
                            f"Data {measure} {subject.replace('-', ' ')} di {where} tahun {year}, "
                            "dihimpun oleh perangkat daerah dan diperiksa walidata."
                        ),
                        agency=rng.choice(agencies),
                        topic=rng.choice(topics + [None]),
                        licence=rng.choice(LICENCES),
                        frequency=rng.choice(FREQUENCIES),
                        temporal_start=dt.date(year, 1, 1),
                        temporal_end=dt.date(year, 12, 31),
                        region=region,
                        state=Dataset.State.PUBLISHED,
                        published_at=modified,
                        created_at=modified - dt.timedelta(days=rng.randint(0, 60)),
                        modified_at=modified,
                    )
                )
            Dataset.objects.bulk_create(made)
            made = list(Dataset.objects.filter(name__in=[d.name for d in made]))
            links, resources = [], []
            for dataset in made:
                for tag in rng.sample(tag_objs, rng.randint(1, 6)):
                    links.append(Through(dataset_id=dataset.pk, tag_id=tag.pk))
                for position in range(rng.randint(1, 3)):
                    fmt = rng.choice(FORMATS)
                    resources.append(
                        Resource(
                            dataset=dataset,
                            name=f"{dataset.title} ({fmt})",
                            format=fmt,
                            url=f"https://satudata.sumselprov.go.id/files/{dataset.name}-{position}.{fmt.lower()}",
                            position=position,
                            created_at=dataset.created_at,
                            modified_at=dataset.modified_at,
                        )
                    )
            Through.objects.bulk_create(links)
            Resource.objects.bulk_create(resources)
        have += n
        print(f"{have:,} datasets ({time.perf_counter() - started:.0f} s)", flush=True)
    print(
        f"Done: {Dataset.objects.count():,} datasets, {Resource.objects.count():,} resources, "
        f"{Dataset.tags.through.objects.count():,} tag links."
    )


if __name__ == "__main__":
    main()
