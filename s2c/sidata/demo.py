"""Demo data of the archive (``s2c seed``, not in production): the main codes of the archive
classification with a retention schedule, and a few hundred generated documents of the
demo agencies across twenty years and every access level: letters, decrees, reports and
minutes as PDF, DOCX and text, and scans (images and image-only PDFs) that exercise OCR.
Each is filed through ``services.document_create`` as an officer would; its text is read
by the worker. Idempotent: documents carry the tag ``data-contoh`` and are counted."""

from __future__ import annotations

import datetime as dt
import random
import textwrap

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from s2c.core.models import Agency

from . import services, testfiles
from .models import Access, Classification, Dataset, Disposition, Document
from .seed_datasets import seed_datasets

DEMO_TAG = "data-contoh"
DEMO_DOCUMENTS = 240

# The main codes (Permendagri 83/2022, kode klasifikasi arsip) and a few of their
# subdivisions, with a demo retention schedule: (code, name, English name, years active,
# years inactive, disposition).
CLASSIFICATIONS = [
    ("000", "Umum", "General", 2, 3, Disposition.DESTROY),
    ("000.1", "Ketatausahaan dan Kerumahtanggaan", "Office administration", None, None, ""),
    ("000.5", "Kearsipan", "Records management", 2, 8, Disposition.REVIEW),
    ("000.7", "Perencanaan Pembangunan", "Development planning", 5, 5, Disposition.PERMANENT),
    ("100", "Pemerintahan", "Government", 3, 7, Disposition.REVIEW),
    ("100.1", "Otonomi Daerah", "Regional autonomy", None, None, Disposition.PERMANENT),
    ("200", "Politik", "Politics", 2, 5, Disposition.REVIEW),
    ("300", "Keamanan dan Ketertiban", "Security and order", 2, 5, Disposition.REVIEW),
    ("400", "Kesejahteraan Rakyat", "Welfare", 2, 5, Disposition.REVIEW),
    ("400.7", "Kesehatan", "Health", None, None, ""),
    ("500", "Perekonomian", "Economy", 2, 5, Disposition.REVIEW),
    ("500.11", "Perhubungan", "Transport", None, None, ""),
    ("600", "Pekerjaan Umum dan Ketenagaan", "Public works", 5, 10, Disposition.REVIEW),
    ("600.1", "Jalan dan Jembatan", "Roads and bridges", None, None, Disposition.PERMANENT),
    ("700", "Pengawasan", "Oversight", 2, 8, Disposition.REVIEW),
    ("800", "Kepegawaian", "Staff", 2, 8, Disposition.REVIEW),
    ("900", "Keuangan", "Finance", 2, 8, Disposition.REVIEW),
    ("900.1", "Anggaran dan Pendapatan Daerah", "Budget and revenue", None, None, ""),
    ("900.1.1", "Pajak Daerah", "Regional taxes", 3, 7, Disposition.DESTROY),
]

# Documents per agency: (agency code, classification, access, kinds of document).
AGENCIES = {
    "bapenda": ("900.1.1", ["pajak kendaraan bermotor", "retribusi daerah", "samsat keliling"]),
    "dinkes": ("400.7", ["puskesmas", "imunisasi", "pelayanan kesehatan"]),
    "pu-bmtr": ("600.1", ["jalan provinsi", "jembatan", "drainase"]),
    "diskominfo": ("000.5", ["jaringan internet", "WiFi publik", "pusat data"]),
    "bappeda": ("000.7", ["rencana pembangunan", "musrenbang", "RPJMD"]),
    "inspektorat": ("700", ["audit kinerja", "pengawasan", "tindak lanjut temuan"]),
}
KINDS = [
    ("Laporan Keuangan", "laporan"),
    ("Laporan Kinerja", "laporan"),
    ("Surat Keputusan Kepala", "keputusan"),
    ("Nota Dinas", "nota"),
    ("Notulen Rapat Koordinasi", "notulen"),
    ("Surat Edaran", "edaran"),
]
ACCESS_MIX = [Access.PUBLIC] * 5 + [Access.PROVINCE] * 2 + [Access.AGENCY] * 2 + [Access.RESTRICTED]


def seed_classifications() -> int:
    created = 0
    by_code: dict[str, Classification] = {}
    for code, name, name_en, active, inactive, disposition in CLASSIFICATIONS:
        parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
        found, new = Classification.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "parent": parent,
                "active_years": active,
                "inactive_years": inactive,
                "disposition": disposition,
            },
        )
        by_code[code] = found
        created += new
    return created


def _paragraphs(rng: random.Random, title: str, topics: list[str], year: int) -> list[str]:
    topic = rng.choice(topics)
    other = rng.choice(topics)
    amount = rng.randrange(120, 9800) * 1_000_000
    return [
        title,
        f"Dokumen ini memuat {topic} tahun {year} di lingkungan Pemerintah Provinsi "
        f"Sumatera Selatan.",
        f"Pada tahun anggaran {year} realisasi kegiatan {topic} mencapai "
        f"{rng.randrange(61, 99)} persen dari target dengan anggaran sebesar Rp{amount:,}".replace(
            ",", "."
        )
        + ".",
        f"Kegiatan {other} dilaksanakan bersama pemerintah kabupaten dan kota, antara lain "
        f"{', '.join(rng.sample(REGIONS, 3))}.",
        "Demikian disampaikan untuk menjadi perhatian dan dilaksanakan sebagaimana mestinya.",
    ]


REGIONS = [
    "Kota Palembang",
    "Kabupaten Ogan Komering Ilir",
    "Kabupaten Musi Banyuasin",
    "Kabupaten Banyuasin",
    "Kota Prabumulih",
    "Kota Lubuklinggau",
    "Kabupaten Lahat",
    "Kabupaten Muara Enim",
    "Kota Pagar Alam",
    "Kabupaten Ogan Ilir",
]


def _lines(paragraphs: list[str], width: int = 80) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width) or [""]
        lines.append("")
    return lines


def _file(rng: random.Random, name: str, paragraphs: list[str]) -> ContentFile:
    """The document as a file of the kind an agency keeps: mostly typed PDFs and Word
    files, some scans (an image-only PDF, a photographed page) for OCR, some plain text."""
    roll, seed = rng.random(), rng.randrange(1 << 30)
    if roll < 0.45:
        lines = _lines(paragraphs)
        content, ext = (
            testfiles.text_pdf(
                [lines[:40], lines[40:80]] if len(lines) > 40 else [lines], seed=seed
            ),
            "pdf",
        )
    elif roll < 0.7:
        content, ext = testfiles.docx(paragraphs, seed=seed), "docx"
    elif roll < 0.8:
        content, ext = testfiles.scanned_pdf([_scan_lines(paragraphs)], seed=seed), "pdf"
    elif roll < 0.9:
        content, ext = testfiles.scan_jpeg(_scan_lines(paragraphs), seed=seed), "jpg"
    else:
        content, ext = "\n\n".join(paragraphs).encode(), "txt"
    return ContentFile(content, name=f"{name}.{ext}")


def _scan_lines(paragraphs: list[str]) -> list[str]:
    """A scan's few short lines (OCR reads about a page a few seconds)."""
    words = paragraphs[0].upper().split()
    return [" ".join(words[:4]), " ".join(words[4:8]), "PROVINSI SUMATERA SELATAN"]


def seed_documents(count: int = DEMO_DOCUMENTS) -> int:
    existing = Document.objects.filter(tags__name=DEMO_TAG).count()
    missing = max(count - existing, 0)
    if not missing:
        return 0
    agencies = {a.code: a for a in Agency.objects.filter(code__in=list(AGENCIES))}
    if not agencies:
        return 0
    users = get_user_model().objects
    admin = users.filter(is_province_admin=True, is_active=True).order_by("pk").first()
    codes = {c.code: c for c in Classification.objects.all()}
    rng = random.Random(existing + 1)
    today = dt.date.today()
    made = 0
    for i in range(missing):
        code = rng.choice(sorted(agencies))
        agency = agencies[code]
        classification_code, topics = AGENCIES[code]
        by = users.filter(username=f"officer.{code}", is_active=True).first() or admin
        if by is None:
            break
        kind, slug = rng.choice(KINDS)
        year = rng.randrange(2006, today.year + 1)
        date = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        date = min(date, today)
        title = f"{kind} {agency.short_name} {rng.choice(topics).title()} Tahun {year}"
        access = rng.choice(ACCESS_MIX)
        services.document_create(
            agency=agency,
            file=_file(
                rng,
                f"{slug}-{code}-{year}-{existing + i + 1}",
                _paragraphs(rng, title, topics, year),
            ),
            by=by,
            title=title,
            description=f"{kind} tentang {rng.choice(topics)} ({year}).",
            document_date=date,
            classification=codes.get(classification_code),
            tags=[DEMO_TAG, slug, rng.choice(topics)],
            access=access,
            readers=[admin] if access == Access.RESTRICTED and admin and admin != by else [],
        )
        made += 1
    return made


def seed_demo(*, stdout=None) -> None:
    created = seed_classifications()
    codes = f"{Classification.objects.count()} classification codes ({created} new)"
    if getattr(settings, "PRODUCTION", False):
        if stdout is not None:
            stdout.write(f"Sidata: {codes}; production: no demo documents.\n")
        return
    made = seed_documents()
    datasets = seed_datasets()
    if stdout is not None:
        total = Document.objects.filter(tags__name=DEMO_TAG).count()
        published = Dataset.objects.filter(state=Dataset.State.PUBLISHED).count()
        stdout.write(
            f"Sidata: {codes}, {total} demo documents ({made} new; the worker reads them), "
            f"{published} published datasets ({datasets} new).\n"
        )
