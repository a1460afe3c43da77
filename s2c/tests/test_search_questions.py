"""Search answers the question (issue 12): citizen questions in Indonesian and English,
each with the answer a citizen expects first, asked of the seeded demo data (the
services of Sumsel Gov, the categories and demo reports of Sumsel Care).

The set is engine independent: it runs on SQLite FTS5 and on PostgreSQL (CI's
DATABASE_URL), and whatever engine search runs on later must keep it green. Questions
are written as people ask them, not as the catalogue words them. An answer is a page's
path: ``/layanan/<code>/`` a service, ``/lapor/?category=<code>`` the report form of a
Sumsel Care category, ``/instansi/<code>/`` an agency. ``NOTHING`` marks a question the
province's catalogue has no page about (birth certificates are issued by the
kabupaten/kota): the search must not present a page that merely lists the words among
its requirements as the answer.

A project-level test: it needs both services' demo data."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.utils import translation

from s2c.core import search

NOTHING = None


def service(code: str) -> str:
    return f"/layanan/{code}/"


def report(category: str) -> str:
    return f"/lapor/?category={category}"


def agency(code: str) -> str:
    return f"/instansi/{code}/"


STNK = service("bapenda-perpanjangan-stnk-tahunan")
E_SAMSAT = service("bapenda-e-samsat")

# (language, question, the expected first answer, or a tuple of equally right ones)
QUESTIONS = [
    # The testers' questions.
    ("id", "lapor jalan rusak", report("jalan-rusak")),
    ("id", "izin usaha", service("dpmptsp-pendampingan-oss")),
    ("id", "akta kelahiran", NOTHING),
    ("en", "vehicle tax", (STNK, E_SAMSAT)),
    ("en", "birth certificate", NOTHING),
    # Indonesian.
    ("id", "perpanjang stnk", STNK),
    ("id", "bayar pajak motor online", E_SAMSAT),
    ("id", "ganti plat nomor", service("bapenda-perpanjangan-stnk-lima-tahunan")),
    ("id", "balik nama motor bekas", service("bapenda-balik-nama-kendaraan")),
    ("id", "denda pajak kendaraan", service("bapenda-keringanan-denda-pkb")),
    ("id", "samsat keliling", service("bapenda-samsat-keliling")),
    ("id", "legalisir ijazah", service("disdik-legalisir-ijazah")),
    ("id", "ijazah hilang", service("disdik-surat-pengganti-ijazah")),
    ("id", "daftar sma negeri", service("disdik-penerimaan-murid-baru")),
    ("id", "pindah sekolah", service("disdik-rekomendasi-mutasi-siswa")),
    ("id", "beasiswa kuliah", service("disdik-beasiswa-sumsel")),
    ("id", "panggil ambulans", service("dinkes-ambulans-119")),
    ("id", "berobat pakai bpjs", service("rsud-siti-fatimah-rawat-jalan-jkn")),
    ("id", "igd 24 jam", service("rsud-siti-fatimah-igd")),
    ("id", "surat keterangan sehat jiwa", service("rs-ernaldi-bahar-surat-keterangan-sehat-jiwa")),
    ("id", "rehabilitasi narkoba", service("rs-ernaldi-bahar-rehabilitasi-napza")),
    ("id", "cek kualitas air sumur", service("dinkes-pemeriksaan-kualitas-air")),
    ("id", "pelatihan kerja gratis", service("disnakertrans-pelatihan-blk")),
    ("id", "daftar transmigrasi", service("disnakertrans-pendaftaran-transmigran")),
    ("id", "perselisihan dengan perusahaan", service("disnakertrans-mediasi-hubungan-industrial")),
    ("id", "minta informasi publik", service("diskominfo-permohonan-informasi-publik")),
    ("id", "cari peraturan gubernur", service("biro-hukum-jdih")),
    ("id", "izin penelitian skripsi", service("kesbangpol-surat-keterangan-penelitian")),
    ("id", "izin tambang pasir", service("esdm-izin-penambangan-batuan")),
    ("id", "amdal", service("dlhp-persetujuan-lingkungan")),
    ("id", "izin trayek bus", service("dpmptsp-izin-trayek-akdp")),
    ("id", "kartu perpustakaan", service("dispustaka-kartu-anggota")),
    ("id", "korban kekerasan anak", service("dp3ap2kb-pendampingan-korban-kekerasan")),
    ("id", "adopsi anak", service("dinsos-rekomendasi-pengangkatan-anak")),
    ("id", "panti jompo", service("dinsos-rehabilitasi-lansia")),
    ("id", "konsultasi umkm", service("dinkop-pendampingan-umkm")),
    ("id", "laporkan banjir", (service("bpbd-lapor-kejadian-bencana"), report("drainase-banjir"))),
    ("id", "lapor sampah menumpuk", report("lingkungan")),
    pytest.param(
        "id",
        "lampu lalu lintas mati",
        report("angkutan-umum"),
        marks=pytest.mark.xfail(
            reason="demo reports titled with every word ('Lampu lalu lintas mati di Jalan "
            "Pasar') come before the category's report form, which lacks 'mati'",
            strict=True,
        ),
    ),
    ("id", "dinas pendidikan", agency("disdik")),
    # English.
    ("en", "renew vehicle registration", STNK),
    ("en", "pay car tax online", E_SAMSAT),
    ("en", "transfer vehicle ownership", service("bapenda-balik-nama-kendaraan")),
    ("en", "business license", service("dpmptsp-pendampingan-oss")),
    ("en", "legalize my diploma", service("disdik-legalisir-ijazah")),
    ("en", "lost diploma", service("disdik-surat-pengganti-ijazah")),
    ("en", "high school registration", service("disdik-penerimaan-murid-baru")),
    ("en", "scholarship", service("disdik-beasiswa-sumsel")),
    ("en", "ambulance", service("dinkes-ambulans-119")),
    ("en", "emergency room", service("rsud-siti-fatimah-igd")),
    ("en", "report a pothole", report("jalan-rusak")),
    ("en", "job training", service("disnakertrans-pelatihan-blk")),
    ("en", "request public information", service("diskominfo-permohonan-informasi-publik")),
    ("en", "research permit", service("kesbangpol-surat-keterangan-penelitian")),
    ("en", "drug rehabilitation", service("rs-ernaldi-bahar-rehabilitasi-napza")),
    ("en", "water quality test", service("dinkes-pemeriksaan-kualitas-air")),
    ("en", "library card", service("dispustaka-kartu-anggota")),
    ("en", "tourist information", service("dispar-informasi-wisata")),
    ("en", "domestic violence", service("dp3ap2kb-pendampingan-korban-kekerasan")),
    ("en", "report garbage", report("lingkungan")),
]


@pytest.fixture(scope="module")
def demo_index(django_db_setup, django_db_blocker):
    """The seeded demo data and its index, once for the module, rolled back after it."""
    from s2c.care.seed import seed_demo as seed_care
    from s2c.core.seed import seed_agencies, seed_regions
    from s2c.portal.seed import seed_demo as seed_portal

    with django_db_blocker.unblock(), transaction.atomic():
        seed_regions()
        seed_agencies()
        seed_portal(stdout=io.StringIO())
        seed_care(stdout=io.StringIO())
        # What the seed's on-commit hooks index (the transaction never commits here).
        search.rebuild()
        yield
        transaction.set_rollback(True)


def _ask(language: str, question: str):
    with translation.override(language):
        return search.query(user=None, q=question, page_size=5)


def _plain(question) -> tuple:
    return tuple(question.values) if hasattr(question, "values") else question


@pytest.mark.parametrize(
    "language,question,expected",
    QUESTIONS,
    ids=[f"{_plain(q)[0]}:{_plain(q)[1]}" for q in QUESTIONS],
)
def test_the_first_answer(demo_index, db, language, question, expected):
    results = _ask(language, question)
    shown = [(hit.type, hit.url, hit.title) for hit in results.hits]
    if expected is NOTHING:
        # No page is about it, and the search says so: it finds nothing, or it says that
        # no result has every word, or that the results only mention the words.
        assert not results.hits or not results.matched_all or results.mentioned_only, shown
        return
    accepted = expected if isinstance(expected, tuple) else (expected,)
    assert results.hits, f"nothing found for {question!r}"
    assert results.hits[0].url in accepted, shown


def test_the_set_is_large_enough_and_bilingual():
    languages = [_plain(q)[0] for q in QUESTIONS]
    assert len(QUESTIONS) >= 40
    assert languages.count("en") >= 15 and languages.count("id") >= 25
    assert len({_plain(q)[1] for q in QUESTIONS}) == len(QUESTIONS)


def test_identical_demo_reports_do_not_crowd_out_services(demo_index, db):
    # Before: results 2-6 were the same demo report, "Izin usaha tidak diproses".
    results = _ask("id", "izin usaha")
    shown = [(hit.type, hit.title) for hit in results.hits]
    assert len(set(shown)) == len(shown), shown
    assert [hit.type for hit in results.hits] == ["portal.service"] * 5, shown
    each = search.query(user=None, q="izin usaha", types=["care.complaint"], page_size=20)
    (same,) = [hit for hit in each.hits if hit.title == "Izin usaha tidak diproses"]
    assert same.similar >= 2
    listed = search.query(
        user=None, q="izin usaha", types=["care.complaint"], page_size=50, collapse=False
    )
    assert len([h for h in listed.hits if h.title == same.title]) == same.similar + 1


def test_snippets_keep_a_services_requirements_apart(demo_index, db):
    results = _ask("id", "ktp asli stnk")
    (hit,) = [h for h in results.hits if h.url == STNK]
    assert "<mark>KTP</mark> <mark>asli</mark> pemilik kendaraan sesuai nama di " in hit.snippet
    assert "<mark>STNK</mark> · <mark>STNK</mark> <mark>asli</mark> · " in hit.snippet


def test_english_readers_see_english_titles(demo_index, db):
    results = _ask("en", "report a pothole")
    assert results.hits[0].title == "Damaged or potholed road"
    assert _ask("id", "lapor jalan berlubang").hits[0].title == "Jalan rusak atau berlubang"


def test_english_readers_see_the_english_names_of_services(demo_index, db, client):
    results = _ask("en", "vehicle tax")
    titles = {h.url: h.title for h in results.hits}
    assert titles[STNK] == "Annual STNK renewal (vehicle tax payment)"
    (stnk,) = [h for h in results.hits if h.url == STNK]
    assert stnk.summary.startswith("Pay the annual motor vehicle tax")
    assert (
        _ask("id", "perpanjang stnk").hits[0].title == "Perpanjangan STNK Tahunan (Pembayaran PKB)"
    )
    page = client.get("/cari/", {"q": "vehicle tax"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Annual STNK renewal (vehicle tax payment)" in page.content.decode()
    api = client.get("/api/v1/search", {"q": "vehicle tax"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "Annual STNK renewal (vehicle tax payment)" in [
        r["title"] for r in api["results"] if r["url"] == STNK
    ]


def test_the_page_says_what_it_folded_and_what_only_mentions_the_words(demo_index, db, client):
    page = client.get(
        "/cari/", {"q": "izin usaha", "type": "care.complaint"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    html = page.content.decode()
    (same,) = [h for h in page.context["results"].hits if h.title == "Izin usaha tidak diproses"]
    link = (
        '<a href="/cari/?q=Izin%20usaha%20tidak%20diproses&amp;type=care.complaint&amp;each=1">'
        f"dan {same.similar} lagi dengan judul yang sama</a>"
    )
    assert link in html
    each = client.get(
        "/cari/",
        {"q": same.title, "type": "care.complaint", "each": "1"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    listed = [h.title for h in each.context["results"].hits]
    assert listed.count(same.title) == same.similar + 1
    page = client.get("/cari/", {"q": "akta kelahiran"}, HTTP_ACCEPT_LANGUAGE="id")
    assert (
        "Tidak ada halaman tentang “akta kelahiran”; halaman berikut hanya menyebutnya."
        in page.content.decode()
    )
