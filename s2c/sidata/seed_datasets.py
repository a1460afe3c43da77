"""Demo open data: 24 published datasets of Sumatera Selatan with real-looking figures per
kabupaten/kota (population, health facilities, schools, roads, disasters, crops...), as
CSV (and one GeoJSON), through the real services. Figures are generated from each
region's population (core's regions data) with a fixed random seed: plausible, not
official. Idempotent: a dataset whose name exists is left alone. Not in production."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from s2c.core.models import Agency, Region, User

from . import datasets as ds
from .models import Dataset, Topic

SEED_USERNAME = "walidata.seed"
YEAR = 2024
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

TOPICS = [
    ("kependudukan", "Kependudukan", "Jumlah dan sebaran penduduk."),
    ("kesehatan", "Kesehatan", "Fasilitas, tenaga dan layanan kesehatan."),
    ("pendidikan", "Pendidikan", "Sekolah, guru, murid dan partisipasi sekolah."),
    ("infrastruktur", "Infrastruktur", "Jalan, jembatan dan transportasi."),
    ("kebencanaan", "Kebencanaan", "Kejadian bencana dan titik panas."),
    ("pariwisata", "Pariwisata", "Kunjungan wisatawan dan objek wisata."),
    ("pertanian", "Pertanian dan perkebunan", "Produksi karet, sawit, padi dan perikanan."),
    ("ekonomi", "Ekonomi", "Ketenagakerjaan, koperasi dan pendapatan daerah."),
    ("sosial", "Sosial", "Perlindungan dan jaminan sosial."),
    ("lingkungan", "Lingkungan hidup", "Sampah, air dan kualitas lingkungan."),
]


@dataclass
class Spec:
    name: str
    title: str
    agency: str  # the agency's code
    topic: str
    tags: list[str]
    notes: str
    headers: list[str]
    rows: Callable[[random.Random, list[Region]], list[list]]
    frequency: str = Dataset.Frequency.ANNUAL
    extra: dict = field(default_factory=dict)


def _per_region(make: Callable[[random.Random, Region, int], list]):
    def rows(rng: random.Random, regions: list[Region]) -> list[list]:
        return [[r.code, r.display_name] + make(rng, r, r.population or 200_000) for r in regions]

    return rows


def _monthly(make: Callable[[random.Random, int], list]):
    def rows(rng: random.Random, regions: list[Region]) -> list[list]:
        return [[YEAR, month] + make(rng, i) for i, month in enumerate(MONTHS)]

    return rows


def _population(rng, region, pop):
    total = int(pop * rng.uniform(1.04, 1.07))
    men = int(total * rng.uniform(0.503, 0.512))
    return [men, total - men, total, round(total / 1000 * rng.uniform(0.9, 1.1), 1)]


def _population_series(rng, regions):
    out = []
    for r in regions:
        base = (r.population or 200_000) * 0.97
        for year in range(2020, 2025):
            base *= rng.uniform(1.008, 1.016)
            out.append([year, r.code, r.display_name, int(base)])
    return out


def _facilities(rng, region, pop):
    city = region.kind == Region.Kind.KOTA
    hospitals = max(1, int(pop / (60_000 if city else 150_000) * rng.uniform(0.8, 1.2)))
    return [
        hospitals,
        max(4, int(pop / 22_000 * rng.uniform(0.85, 1.15))),
        int(pop / (9_000 if city else 30_000) * rng.uniform(0.7, 1.3)),
        int(pop / 4_000 * rng.uniform(0.8, 1.2)),
    ]


def _health_workers(rng, region, pop):
    return [
        int(pop / (2_000 if region.kind == Region.Kind.KOTA else 5_500) * rng.uniform(0.8, 1.2)),
        int(pop / 700 * rng.uniform(0.8, 1.2)),
        int(pop / 1_100 * rng.uniform(0.8, 1.2)),
    ]


def _immunisation(rng, region, pop):
    target = int(pop * 0.018)
    done = int(target * rng.uniform(0.82, 0.99))
    return [target, done, round(done / target * 100, 2)]


def _schools(rng, region, pop):
    return [
        int(pop / 1_600 * rng.uniform(0.85, 1.15)),
        int(pop / 5_500 * rng.uniform(0.85, 1.15)),
        int(pop / 16_000 * rng.uniform(0.8, 1.2)),
        int(pop / 21_000 * rng.uniform(0.7, 1.3)),
    ]


def _high_school(rng, region, pop):
    pupils = int(pop * 0.045 * rng.uniform(0.9, 1.1))
    teachers = int(pupils / rng.uniform(14, 19))
    return [pupils, teachers, round(pupils / teachers, 2)]


def _participation(rng, region, pop):
    city = region.kind == Region.Kind.KOTA
    return [
        round(rng.uniform(97.5, 99.8), 2),
        round(rng.uniform(93, 98.5 if city else 96), 2),
        round(rng.uniform(80 if city else 66, 90 if city else 82), 2),
    ]


def _roads(rng, region, pop):
    length = round(rng.uniform(60, 260), 2)
    good = rng.uniform(0.45, 0.75)
    fair = rng.uniform(0.1, 0.3)
    light = rng.uniform(0.03, 0.12)
    parts = [length * good, length * fair, length * light]
    heavy = max(0.0, length - sum(parts))
    return [length] + [round(p, 2) for p in parts] + [round(heavy, 2)]


def _bridges(rng, region, pop):
    count = rng.randint(8, 55)
    good = int(count * rng.uniform(0.6, 0.85))
    return [count, round(count * rng.uniform(14, 32), 1), good, count - good]


def _disasters(rng, region, pop):
    return [rng.randint(0, 14), rng.randint(0, 40), rng.randint(0, 6), rng.randint(0, 9)]


def _hotspots(rng, month):
    dry = month in (6, 7, 8, 9)
    return [int(rng.uniform(300, 2_400) if dry else rng.uniform(5, 160))]


def _visitors(rng, month):
    holiday = month in (3, 5, 11)
    base = rng.uniform(380_000, 470_000) * (1.35 if holiday else 1)
    return [int(base), int(base * rng.uniform(0.004, 0.009))]


def _rubber(rng, region, pop):
    if region.kind == Region.Kind.KOTA:
        area = rng.uniform(50, 900)
    else:
        area = rng.uniform(40_000, 180_000)
    return [round(area, 1), round(area * rng.uniform(0.95, 1.25), 1)]


def _palm(rng, region, pop):
    area = rng.uniform(10, 600) if region.kind == Region.Kind.KOTA else rng.uniform(8_000, 190_000)
    return [round(area, 1), round(area * rng.uniform(2.8, 3.9), 1)]


def _rice(rng, region, pop):
    area = (
        rng.uniform(200, 3_000) if region.kind == Region.Kind.KOTA else rng.uniform(5_000, 160_000)
    )
    return [round(area, 1), round(area * rng.uniform(4.2, 5.4), 1)]


def _fish(rng, region, pop):
    return [round(rng.uniform(200, 9_000), 1), round(rng.uniform(1_500, 60_000), 1)]


def _social(rng, region, pop):
    pkh = int(pop * rng.uniform(0.035, 0.06))
    return [pkh, int(pop * rng.uniform(0.06, 0.1)), int(pop * rng.uniform(0.3, 0.45))]


def _unemployment(rng, region, pop):
    labour = int(pop * rng.uniform(0.49, 0.55))
    rate = rng.uniform(6.5, 9) if region.kind == Region.Kind.KOTA else rng.uniform(2.5, 5.8)
    return [labour, int(labour * rate / 100), round(rate, 2)]


def _cooperatives(rng, region, pop):
    total = int(pop / rng.uniform(900, 1_600))
    active = int(total * rng.uniform(0.55, 0.8))
    return [total, active, int(active * rng.uniform(35, 90))]


def _vehicle_tax(rng, month):
    return [round(rng.uniform(88, 135), 2), round(rng.uniform(38, 62), 2)]


def _vehicles(rng, region, pop):
    return [
        int(pop * rng.uniform(0.33, 0.5)),
        int(pop * rng.uniform(0.025, 0.06)),
        int(pop * rng.uniform(0.004, 0.012)),
    ]


def _waste(rng, region, pop):
    daily = pop * rng.uniform(0.55, 0.75) / 1000
    handled = rng.uniform(0.45, 0.9 if region.kind == Region.Kind.KOTA else 0.7)
    return [round(daily, 1), round(daily * handled, 1), round(handled * 100, 2)]


def _water(rng, region, pop):
    return [round(rng.uniform(55, 96), 2), round(rng.uniform(45, 80), 2)]


R = ["kode_wilayah", "kabupaten_kota"]
SPECS = [
    Spec(
        "jumlah-penduduk-kabupaten-kota-2024",
        "Jumlah penduduk menurut kabupaten/kota 2024",
        "dp3ap2kb",
        "kependudukan",
        ["penduduk", "demografi"],
        "Jumlah penduduk laki-laki dan perempuan di 17 kabupaten/kota Provinsi Sumatera "
        "Selatan, hasil proyeksi penduduk tahun 2024.",
        R + ["laki_laki", "perempuan", "jumlah", "penduduk_ribu"],
        _per_region(_population),
    ),
    Spec(
        "penduduk-kabupaten-kota-2020-2024",
        "Perkembangan jumlah penduduk 2020-2024",
        "bappeda",
        "kependudukan",
        ["penduduk", "proyeksi"],
        "Jumlah penduduk per kabupaten/kota setiap tahun, 2020 sampai 2024.",
        ["tahun"] + R + ["jumlah_penduduk"],
        _population_series,
        extra={"temporal_start": dt.date(2020, 1, 1)},
    ),
    Spec(
        "fasilitas-kesehatan-2024",
        "Jumlah fasilitas kesehatan menurut kabupaten/kota 2024",
        "dinkes",
        "kesehatan",
        ["kesehatan", "puskesmas", "rumah sakit"],
        "Rumah sakit, puskesmas, klinik pratama dan posyandu per kabupaten/kota.",
        R + ["rumah_sakit", "puskesmas", "klinik_pratama", "posyandu"],
        _per_region(_facilities),
    ),
    Spec(
        "tenaga-kesehatan-2024",
        "Jumlah tenaga kesehatan 2024",
        "dinkes",
        "kesehatan",
        ["kesehatan", "tenaga kesehatan"],
        "Dokter, perawat dan bidan per kabupaten/kota.",
        R + ["dokter", "perawat", "bidan"],
        _per_region(_health_workers),
    ),
    Spec(
        "imunisasi-dasar-lengkap-2024",
        "Cakupan imunisasi dasar lengkap 2024",
        "dinkes",
        "kesehatan",
        ["kesehatan", "imunisasi", "anak"],
        "Sasaran bayi, bayi yang mendapat imunisasi dasar lengkap dan persentasenya.",
        R + ["sasaran_bayi", "imunisasi_lengkap", "persen"],
        _per_region(_immunisation),
    ),
    Spec(
        "jumlah-sekolah-2024",
        "Jumlah sekolah menurut jenjang 2024",
        "disdik",
        "pendidikan",
        ["pendidikan", "sekolah"],
        "Jumlah SD, SMP, SMA dan SMK per kabupaten/kota.",
        R + ["sd", "smp", "sma", "smk"],
        _per_region(_schools),
    ),
    Spec(
        "murid-dan-guru-sma-2024",
        "Murid dan guru SMA/SMK 2024",
        "disdik",
        "pendidikan",
        ["pendidikan", "guru", "murid"],
        "Jumlah murid dan guru SMA/SMK (kewenangan provinsi) dan rasio murid per guru.",
        R + ["murid", "guru", "rasio_murid_guru"],
        _per_region(_high_school),
    ),
    Spec(
        "angka-partisipasi-sekolah-2024",
        "Angka partisipasi sekolah 2024",
        "disdik",
        "pendidikan",
        ["pendidikan", "aps"],
        "Angka partisipasi sekolah (persen) untuk usia 7-12, 13-15 dan 16-18 tahun.",
        R + ["aps_7_12", "aps_13_15", "aps_16_18"],
        _per_region(_participation),
    ),
    Spec(
        "kondisi-jalan-provinsi-2024",
        "Kondisi jalan provinsi 2024",
        "pu-bmtr",
        "infrastruktur",
        ["jalan", "infrastruktur"],
        "Panjang jalan provinsi (km) per kabupaten/kota menurut kondisi: baik, sedang, "
        "rusak ringan dan rusak berat.",
        R + ["panjang_km", "baik_km", "sedang_km", "rusak_ringan_km", "rusak_berat_km"],
        _per_region(_roads),
    ),
    Spec(
        "jembatan-provinsi-2024",
        "Jembatan pada jalan provinsi 2024",
        "pu-bmtr",
        "infrastruktur",
        ["jembatan", "infrastruktur"],
        "Jumlah dan panjang jembatan pada ruas jalan provinsi, dan kondisinya.",
        R + ["jumlah", "panjang_m", "kondisi_baik", "kondisi_rusak"],
        _per_region(_bridges),
    ),
    Spec(
        "kejadian-bencana-2024",
        "Kejadian bencana menurut jenis 2024",
        "bpbd",
        "kebencanaan",
        ["bencana", "banjir", "karhutla"],
        "Jumlah kejadian banjir, kebakaran hutan dan lahan, tanah longsor dan angin puting "
        "beliung per kabupaten/kota.",
        R + ["banjir", "karhutla", "tanah_longsor", "puting_beliung"],
        _per_region(_disasters),
    ),
    Spec(
        "titik-panas-bulanan-2024",
        "Jumlah titik panas (hotspot) per bulan 2024",
        "bpbd",
        "kebencanaan",
        ["karhutla", "hotspot"],
        "Titik panas terpantau satelit di Sumatera Selatan per bulan.",
        ["tahun", "bulan", "titik_panas"],
        _monthly(_hotspots),
        Dataset.Frequency.MONTHLY,
    ),
    Spec(
        "kunjungan-wisatawan-2024",
        "Kunjungan wisatawan per bulan 2024",
        "dispar",
        "pariwisata",
        ["pariwisata", "wisatawan"],
        "Kunjungan wisatawan nusantara dan mancanegara ke Sumatera Selatan per bulan.",
        ["tahun", "bulan", "wisatawan_nusantara", "wisatawan_mancanegara"],
        _monthly(_visitors),
        Dataset.Frequency.MONTHLY,
    ),
    Spec(
        "produksi-karet-2024",
        "Luas areal dan produksi karet rakyat 2024",
        "disbun",
        "pertanian",
        ["karet", "perkebunan"],
        "Luas areal (ha) dan produksi (ton) karet perkebunan rakyat per kabupaten/kota.",
        R + ["luas_ha", "produksi_ton"],
        _per_region(_rubber),
    ),
    Spec(
        "produksi-kelapa-sawit-2024",
        "Luas areal dan produksi kelapa sawit 2024",
        "disbun",
        "pertanian",
        ["sawit", "perkebunan"],
        "Luas areal (ha) dan produksi tandan buah segar (ton) kelapa sawit.",
        R + ["luas_ha", "produksi_ton"],
        _per_region(_palm),
    ),
    Spec(
        "produksi-padi-2024",
        "Luas panen dan produksi padi 2024",
        "dinas-ketapang",
        "pertanian",
        ["padi", "pangan"],
        "Luas panen (ha) dan produksi gabah kering giling (ton) per kabupaten/kota.",
        R + ["luas_panen_ha", "produksi_ton"],
        _per_region(_rice),
    ),
    Spec(
        "produksi-perikanan-2024",
        "Produksi perikanan tangkap dan budidaya 2024",
        "dkp",
        "pertanian",
        ["perikanan", "ikan"],
        "Produksi perikanan tangkap perairan umum dan budidaya (ton).",
        R + ["tangkap_ton", "budidaya_ton"],
        _per_region(_fish),
    ),
    Spec(
        "penerima-bantuan-sosial-2024",
        "Penerima bantuan sosial 2024",
        "dinsos",
        "sosial",
        ["bansos", "pkh", "sosial"],
        "Keluarga penerima PKH, penerima bantuan pangan non tunai dan peserta PBI JKN.",
        R + ["keluarga_pkh", "penerima_bpnt", "peserta_pbi_jkn"],
        _per_region(_social),
    ),
    Spec(
        "tingkat-pengangguran-terbuka-2024",
        "Tingkat pengangguran terbuka 2024",
        "disnakertrans",
        "ekonomi",
        ["ketenagakerjaan", "pengangguran"],
        "Angkatan kerja, penganggur dan tingkat pengangguran terbuka (persen).",
        R + ["angkatan_kerja", "penganggur", "tpt_persen"],
        _per_region(_unemployment),
    ),
    Spec(
        "koperasi-aktif-2024",
        "Koperasi aktif dan anggotanya 2024",
        "dinkop-ukm",
        "ekonomi",
        ["koperasi", "umkm"],
        "Jumlah koperasi, koperasi aktif dan anggota koperasi aktif.",
        R + ["koperasi", "koperasi_aktif", "anggota"],
        _per_region(_cooperatives),
    ),
    Spec(
        "penerimaan-pkb-bbnkb-2024",
        "Penerimaan PKB dan BBNKB per bulan 2024",
        "bapenda",
        "ekonomi",
        ["pajak", "kendaraan", "pendapatan"],
        "Penerimaan pajak kendaraan bermotor dan bea balik nama kendaraan bermotor "
        "(miliar rupiah) per bulan.",
        ["tahun", "bulan", "pkb_miliar", "bbnkb_miliar"],
        _monthly(_vehicle_tax),
        Dataset.Frequency.MONTHLY,
    ),
    Spec(
        "jumlah-kendaraan-bermotor-2024",
        "Jumlah kendaraan bermotor terdaftar 2024",
        "bapenda",
        "infrastruktur",
        ["kendaraan", "transportasi"],
        "Sepeda motor, mobil penumpang dan mobil barang terdaftar per kabupaten/kota.",
        R + ["sepeda_motor", "mobil_penumpang", "mobil_barang"],
        _per_region(_vehicles),
    ),
    Spec(
        "timbulan-sampah-2024",
        "Timbulan dan penanganan sampah 2024",
        "dlhp",
        "lingkungan",
        ["sampah", "lingkungan"],
        "Timbulan sampah (ton per hari), sampah tertangani, dan persentase penanganan.",
        R + ["timbulan_ton_hari", "tertangani_ton_hari", "penanganan_persen"],
        _per_region(_waste),
    ),
    Spec(
        "akses-air-minum-sanitasi-2024",
        "Akses air minum dan sanitasi layak 2024",
        "dlhp",
        "lingkungan",
        ["air minum", "sanitasi"],
        "Persentase rumah tangga dengan akses air minum layak dan sanitasi layak.",
        R + ["air_minum_layak_persen", "sanitasi_layak_persen"],
        _per_region(_water),
    ),
]


def _csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def _geojson(regions: list[Region]) -> bytes:
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(r.longitude), float(r.latitude)],
            },
            "properties": {
                "kode_wilayah": r.code,
                "nama": r.display_name,
                "ibu_kota": r.capital,
            },
        }
        for r in regions
        if r.latitude is not None and r.longitude is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


class _Upload(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def _seed_actor() -> User:
    """The walidata who publishes the demo data: an account nobody can sign in to."""
    user, created = User.objects.get_or_create(
        username=SEED_USERNAME,
        defaults={"full_name": "Walidata (data contoh)", "is_province_admin": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def seed_datasets(stdout=None) -> int:
    """Create the demo datasets that are missing; returns how many were created."""
    if getattr(settings, "PRODUCTION", False):
        if stdout:
            stdout.write("Production: no demo datasets.\n")
        return 0
    regions = list(Region.objects.order_by("code"))
    agencies = {a.code: a for a in Agency.objects.filter(is_active=True)}
    if not regions or not agencies:
        if stdout:
            stdout.write("Sidata datasets: no regions or agencies yet; run the core seed.\n")
        return 0
    topics = {}
    for name, title, description in TOPICS:
        topics[name] = Topic.objects.get_or_create(
            name=name, defaults={"title": title, "description": description}
        )[0]
    walidata = _seed_actor()
    fallback = agencies.get("diskominfo") or next(iter(agencies.values()))
    existing = set(Dataset.objects.values_list("name", flat=True))
    created = 0
    for spec in SPECS + [_geo_spec()]:
        if spec.name in existing:
            continue
        rng = random.Random(spec.name)
        agency = agencies.get(spec.agency, fallback)
        with transaction.atomic():
            dataset = ds.dataset_create(
                agency=agency,
                by=walidata,
                name=spec.name,
                title=spec.title,
                notes=spec.notes,
                topic=topics[spec.topic],
                tags=spec.tags,
                licence=Dataset.Licence.CC_BY,
                frequency=spec.frequency,
                temporal_start=spec.extra.get("temporal_start", dt.date(YEAR, 1, 1)),
                temporal_end=dt.date(YEAR, 12, 31),
                contact_name=f"Pengelola data {agency.short_name}",
                contact_email="satudata@sumselprov.go.id",
            )
            if spec.name == GEO_NAME:
                data, filename = _geojson(regions), f"{spec.name}.geojson"
            else:
                data, filename = _csv(spec.headers, spec.rows(rng, regions)), f"{spec.name}.csv"
            ds.resource_add(
                dataset=dataset,
                by=walidata,
                name=spec.title,
                description=spec.notes,
                file=_Upload(data, filename),
            )
            ds.dataset_submit(dataset=dataset, by=walidata)
            ds.dataset_approve(dataset=dataset, by=walidata)
        created += 1
    if stdout:
        stdout.write(
            f"Sidata datasets: {Dataset.objects.filter(state='published').count()} published "
            f"({created} new).\n"
        )
    return created


GEO_NAME = "titik-pusat-kabupaten-kota"


def _geo_spec() -> Spec:
    return Spec(
        GEO_NAME,
        "Titik pusat kabupaten/kota Sumatera Selatan",
        "bappeda",
        "kependudukan",
        ["peta", "wilayah"],
        "Koordinat perkiraan titik pusat 17 kabupaten/kota (GeoJSON), dengan kode wilayah "
        "Kemendagri dan ibu kota.",
        [],
        lambda rng, regions: [],
    )
