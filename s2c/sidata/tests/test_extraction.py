"""Text extraction (s2c.sidata.extraction) on real files written by s2c.sidata.testfiles.

The OCR tests run Debian's tesseract and pdftoppm (scripts/test installs them); they are
skipped, saying so, only where tesseract with Indonesian is missing."""

from __future__ import annotations

import io
import shutil
import stat
import struct
import tempfile
import time
import zipfile
import zlib

import pytest
from django.utils import translation
from PIL import Image

from s2c.core import uploads

from .. import extraction, testfiles
from ..extraction import ExtractionError, extract

needs_ocr = pytest.mark.skipif(
    not extraction.ocr_available("ind+eng"),
    reason="tesseract with the ind and eng languages is not installed "
    "(apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng poppler-utils)",
)


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """Every temporary file goes to a folder of this test, which must be empty after."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    with translation.override("en"):
        yield folder
    assert list(folder.iterdir()) == []


def _error(*args, **kwargs) -> ExtractionError:
    with pytest.raises(ExtractionError) as exc:
        extract(*args, **kwargs)
    return exc.value


def _words(text: str) -> str:
    return " ".join(text.lower().split())


# --- PDF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("pdftotext", ["pdftotext", "/nonexistent/pdftotext"])
def test_a_typed_pdf_gives_its_text_layer_page_by_page(settings, pdftotext):
    settings.S2C_SIDATA_TESSERACT = "/nonexistent/tesseract"  # no OCR is needed, or tried
    # poppler's pdftotext reads every page at once; without it pypdf reads page by page.
    settings.S2C_SIDATA_PDFTOTEXT = pdftotext
    content = testfiles.text_pdf([["Laporan keuangan daerah", "tahun 2025"], ["Halaman kedua"]])
    result = extract(content, uploads.PDF)
    assert result == extraction.Extracted(
        text="Laporan keuangan daerah\ntahun 2025\n\nHalaman kedua",
        pages=2,
        ocr_pages=0,
        method="pdf_text",
    )


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr():
    result = extract(testfiles.scanned_pdf(), uploads.PDF)
    assert "laporan keuangan" in _words(result.text)
    assert "sumatera selatan" in _words(result.text)
    assert (result.pages, result.ocr_pages, result.method) == (1, 1, "pdf_ocr")


@needs_ocr
def test_a_mixed_pdf_gives_the_text_layer_and_the_ocr():
    typed = ["Rapat koordinasi pembangunan jalan provinsi di Palembang."]
    result = extract(testfiles.mixed_pdf(typed=typed), uploads.PDF)
    assert result.text.startswith(typed[0] + "\n\n")
    assert "laporan keuangan" in _words(result.text)
    assert (result.pages, result.ocr_pages, result.method) == (2, 1, "pdf_text+ocr")


def test_without_ocr_a_scanned_page_is_counted_as_skipped():
    result = extract(
        testfiles.mixed_pdf(typed=["Surat keputusan gubernur nomor 12"]), uploads.PDF, ocr=False
    )
    assert (result.text, result.pages, result.ocr_pages) == (
        "Surat keputusan gubernur nomor 12",
        2,
        0,
    )
    assert (result.skipped_pages, result.method) == (1, "pdf_text")


@needs_ocr
def test_ocr_stops_at_the_page_limit(settings):
    settings.S2C_SIDATA_MAX_OCR_PAGES = 1
    content = testfiles.scanned_pdf([["LAPORAN KEUANGAN"], ["ARSIP DINAMIS"]])
    result = extract(content, uploads.PDF)
    assert (result.pages, result.ocr_pages, result.skipped_pages) == (2, 1, 1)
    assert "laporan keuangan" in _words(result.text)
    assert "arsip" not in _words(result.text)


def test_a_damaged_pdf_is_a_clear_error():
    content = testfiles.text_pdf()
    for broken in (b"%PDF-1.4\nthis is no pdf\n%%EOF", content[: len(content) // 3]):
        error = _error(broken, uploads.PDF)
        assert error.code == "damaged"
        assert (
            str(error)
            == "This PDF document is damaged or incomplete; no text could be read from it."
        )
        assert not error.retryable


def test_a_password_protected_pdf_is_refused_but_an_owner_password_is_no_obstacle():
    error = _error(testfiles.encrypted_pdf(), uploads.PDF)
    assert error.code == "encrypted"
    assert str(error) == (
        "This PDF is protected by a password, so its text cannot be read. "
        "Upload a copy without the password."
    )
    result = extract(
        testfiles.encrypted_pdf(["Dokumen rahasia negara nomor 7"], owner_only=True), uploads.PDF
    )
    assert (result.text, result.method) == ("Dokumen rahasia negara nomor 7", "pdf_text")


def test_the_text_is_cut_at_the_limit(settings):
    settings.S2C_SIDATA_MAX_TEXT_CHARS = 60
    content = testfiles.text_pdf([testfiles.SENTENCES[:4]] * 3)
    result = extract(content, uploads.PDF)
    assert result.truncated
    assert 40 <= len(result.text) <= 60
    assert result.text == testfiles.SENTENCES[0][: len(result.text)]


# --- Scans ----------------------------------------------------------------------------------


@needs_ocr
def test_png_and_upright_jpeg_scans_are_read():
    png = extract(testfiles.scan_png(), uploads.PNG)
    assert "laporan keuangan" in _words(png.text)
    assert (png.pages, png.ocr_pages, png.method) == (1, 1, "image_ocr")
    jpeg = extract(testfiles.scan_jpeg(exif_rotation=6), uploads.JPEG)  # stored on its side
    assert "laporan keuangan" in _words(jpeg.text)


@needs_ocr
def test_every_page_of_a_tiff_is_read():
    content = testfiles.scan_tiff([["LAPORAN KEUANGAN"], ["Arsip Dinas Tahun 2025"]])
    result = extract(content, uploads.TIFF)
    assert (result.pages, result.ocr_pages) == (2, 2)
    words = _words(result.text)
    assert "laporan keuangan" in words and "arsip dinas" in words
    assert words.index("laporan") < words.index("arsip")


@needs_ocr
def test_bilevel_and_16_bit_scans_are_read():
    """Archive scanners write black-and-white CCITT G4 TIFFs; some write 16-bit grey."""
    scan = testfiles.scan_image(["LAPORAN KEUANGAN"])
    bilevel = io.BytesIO()
    scan.point(lambda v: 255 if v > 128 else 0).convert("1").save(
        bilevel, "TIFF", compression="group4", dpi=(300, 300)
    )
    deep = io.BytesIO()
    scan.convert("I").point(lambda v: v * 256).convert("I;16").save(deep, "PNG")
    assert Image.open(io.BytesIO(deep.getvalue())).mode == "I;16"
    for content, kind in [(bilevel.getvalue(), uploads.TIFF), (deep.getvalue(), uploads.PNG)]:
        assert "laporan keuangan" in _words(extract(content, kind).text)


def test_an_image_without_ocr_gives_no_text():
    result = extract(testfiles.scan_tiff(), uploads.TIFF, ocr=False)
    assert (result.text, result.pages, result.ocr_pages, result.skipped_pages) == ("", 2, 0, 2)
    assert result.method == "none"


@needs_ocr
def test_a_huge_jpeg_is_decoded_smaller_and_other_huge_images_refused(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_OCR_PIXELS", 50_000)
    jpeg = testfiles.scan_jpeg(["LAPORAN KEUANGAN"])
    width, height = Image.open(io.BytesIO(jpeg)).size
    assert width * height > 50_000
    result = extract(jpeg, uploads.JPEG)
    assert "keuangan" in _words(result.text)
    error = _error(testfiles.scan_png(), uploads.PNG)
    assert error.code == "too_large"
    assert str(error).startswith("This image is too large to read: ")


def test_a_pixel_bomb_is_refused_before_decoding():
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)  # 10 gigapixels
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 99))
    started = time.monotonic()
    error = _error(png + chunk(b"IEND", b""), uploads.PNG)
    assert error.code == "too_large"
    assert time.monotonic() - started < 5


@needs_ocr
def test_a_damaged_image_is_a_clear_error():
    png = testfiles.scan_png()
    error = _error(png[: len(png) // 2], uploads.PNG)
    assert error.code == "damaged"
    assert str(error) == "This PNG image is damaged or incomplete; no text could be read from it."


# --- Tools and time ----------------------------------------------------------------------------


def test_a_missing_ocr_tool_is_a_clear_retryable_error(settings, tmp_path):
    settings.S2C_SIDATA_TESSERACT = str(tmp_path / "no-tesseract")
    assert extraction.ocr_available() is False
    error = _error(testfiles.scan_png(), uploads.PNG)
    assert error.code == "ocr_missing" and error.retryable
    assert str(error) == (
        "The text recognition tool tesseract is not installed on this server. "
        "Ask the operator to install the Debian package tesseract-ocr, then retry."
    )


def test_the_health_status_names_what_is_missing(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(extraction, "_HEALTH_CACHE", {})
    settings.S2C_SIDATA_TESSERACT = str(tmp_path / "no-tesseract")
    settings.S2C_SIDATA_PDFTOPPM = str(tmp_path / "no-pdftoppm")
    assert extraction.health_status() == {
        "status": "error",
        "ocr_languages": [],
        "pdftoppm": False,
        "fix": "apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng poppler-utils",
    }
    settings.S2C_SIDATA_TESSERACT = "tesseract"
    assert extraction.health_status()["status"] == "error"  # cached for a minute
    if extraction.ocr_available("ind+eng") and shutil.which("pdftoppm"):
        settings.S2C_SIDATA_PDFTOPPM = "pdftoppm"
        fresh = extraction.health_status(max_age=0)
        assert fresh["status"] == "ok" and {"ind", "eng"} <= set(fresh["ocr_languages"])


@needs_ocr
def test_a_missing_language_or_pdftoppm_is_named(settings, tmp_path):
    assert extraction.ocr_available() is True
    error = _error(testfiles.scan_png(), uploads.PNG, languages="ind+xyz")
    assert error.code == "ocr_missing"
    assert "tesseract-ocr-xyz" in str(error) and "The OCR language xyz" in str(error)
    settings.S2C_SIDATA_PDFTOPPM = str(tmp_path / "no-pdftoppm")
    error = _error(testfiles.scanned_pdf(), uploads.PDF)
    assert error.code == "ocr_missing" and "poppler-utils" in str(error)


@pytest.mark.parametrize("languages", ["ind;rm -rf /", "-l", "ind+", "", "i", "ind eng", None])
def test_ocr_languages_are_checked(languages):
    error = _error(testfiles.scan_png(), uploads.PNG, languages=languages)
    assert error.code == "bad_languages"


@needs_ocr
def test_a_slow_tool_is_stopped_at_the_timeout(settings, tmp_path):
    slow = tmp_path / "slow-tesseract"
    real = shutil.which("tesseract")
    slow.write_text(
        f'#!/bin/sh\nif [ "$1" = --list-langs ]; then exec {real} --list-langs; fi\nexec sleep 30\n'
    )
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    settings.S2C_SIDATA_TESSERACT = str(slow)
    started = time.monotonic()
    error = _error(testfiles.scan_png(), uploads.PNG, timeout=1)
    assert time.monotonic() - started < 5
    assert error.code == "timeout" and error.retryable
    assert str(error) == "Reading the text took longer than 1 seconds and was stopped."


@needs_ocr
def test_a_page_pdftoppm_cannot_draw_is_skipped_and_the_rest_kept(settings, tmp_path):
    failing = tmp_path / "failing-pdftoppm"
    failing.write_text('#!/bin/sh\necho "Syntax Error: broken page" >&2\nexit 1\n')
    failing.chmod(failing.stat().st_mode | stat.S_IEXEC)
    settings.S2C_SIDATA_PDFTOPPM = str(failing)
    typed = ["Rapat koordinasi pembangunan jalan provinsi di Palembang."]
    result = extract(testfiles.mixed_pdf(typed=typed), uploads.PDF)
    assert (result.text, result.pages, result.ocr_pages, result.skipped_pages) == (
        typed[0],
        2,
        0,
        1,
    )


def test_a_deadline_already_passed_stops_before_any_work():
    error = _error(testfiles.text_pdf(), uploads.PDF, timeout=1e-9)
    assert error.code == "timeout"


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan")])
def test_a_timeout_must_be_a_positive_number(timeout):
    with pytest.raises(ValueError):
        extract(b"teks", uploads.TEXT, timeout=timeout)


def test_unknown_kinds_are_refused():
    error = _error(b"MZ\x90\x00", "application/x-executable")
    assert error.code == "unsupported"
    assert str(error) == "No text can be read from this kind of file: program (executable)."
    assert extract(b"", uploads.PDF).text == ""


# --- Office documents -----------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_headers():
    content = testfiles.docx(
        ["Rencana kerja tahunan dinas.", "Laporan keuangan daerah."],
        table=[["Kegiatan", "Anggaran"], ["Jalan provinsi", "1500000"]],
        header="Pemerintah Provinsi Sumatera Selatan",
    )
    result = extract(content, uploads.DOCX)
    assert result.text == (
        "Pemerintah Provinsi Sumatera Selatan\n\n"
        "Nota Dinas\nRencana kerja tahunan dinas.\nLaporan keuangan daerah.\n"
        "Kegiatan\tAnggaran\nJalan provinsi\t1500000"
    )
    assert (result.pages, result.ocr_pages, result.method) == (None, 0, "docx")


def _replace_member(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return out.getvalue()


def test_docx_text_boxes_are_read_once_and_entities_never_expanded():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    document = f"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">]>
<w:document {w} {mc}><w:body>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Kotak teks</w:t></w:r></w:p>
</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Kotak teks</w:t></w:r></w:p>
</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>
<w:r><w:t xml:space="preserve">Isi &secret; &a;</w:t></w:r></w:p>
<w:p><w:r><w:t>Baris</w:t><w:tab/><w:t>dua</w:t><w:br/><w:t>tiga</w:t></w:r></w:p>
<w:p><w:del><w:r><w:delText>dihapus</w:delText></w:r></w:del></w:p>
</w:body></w:document>""".encode()
    content = _replace_member(testfiles.docx(header=None), "word/document.xml", document)
    result = extract(content, uploads.DOCX)
    assert result.text == "Kotak teks\nIsi\nBaris dua\ntiga"
    assert "root:" not in result.text


def test_a_damaged_office_document_is_a_clear_error():
    content = testfiles.docx()
    broken = _replace_member(content, "word/document.xml", b"<w:document><w:body>")
    cases = [
        (uploads.DOCX, broken),
        (uploads.DOCX, content[:200]),
        (uploads.XLSX, b"PK\x03\x04 not a zip"),
        (uploads.ODT, b"PK\x05\x06"),
    ]
    for kind, data in cases:
        assert _error(data, kind).code == "damaged"


def test_odt_headings_paragraphs_spaces_and_page_header():
    content = testfiles.odt(
        ["Rapat dimulai pukul 09.00.", "Hadir 12 orang."], header="Dinas Kominfo"
    )
    result = extract(content, uploads.ODT)
    assert result.text == (
        "Dinas Kominfo\n\nNotulen Rapat\nRapat dimulai pukul 09.00.\nHadir 12 orang."
    )
    assert result.method == "odt"


def test_odt_spans_spaces_notes_tables_and_lists():
    body = (
        "<office:text><text:h>Judul</text:h>"
        '<text:p>Satu<text:s text:c="3"/>dua<text:tab/>tiga<text:line-break/>empat '
        "<text:span>lima <text:a>enam</text:a></text:span> tujuh<text:note>"
        "<text:note-citation>1</text:note-citation><text:note-body><text:p>Catatan kaki"
        "</text:p></text:note-body></text:note> delapan</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>A1</text:p><text:p>baris"
        "</text:p></table:table-cell><table:table-cell><text:p>B1</text:p></table:table-cell>"
        "</table:table-row><table:table-row><table:table-cell><text:p>A2</text:p>"
        "</table:table-cell><table:covered-table-cell/><table:table-cell><text:p>C2</text:p>"
        "</table:table-cell></table:table-row></table:table>"
        "<text:list><text:list-item><text:p>butir satu</text:p></text:list-item></text:list>"
        "</office:text>"
    )
    content = testfiles._odf("application/vnd.oasis.opendocument.text", body)
    assert extract(content, uploads.ODT).text == (
        "Judul\nCatatan kaki\nSatu dua tiga\nempat lima enam tujuh delapan\n"
        "A1 baris\tB1\nA2\tC2\nbutir satu"
    )


# --- Spreadsheets -------------------------------------------------------------------------------

SHEETS = {
    "Penduduk": [["Kabupaten/Kota", "Jumlah"], ["Palembang", 1_700_000], ["Prabumulih", 190_000]],
    "Anggaran": [["Program", "Pagu"], ["Kesehatan", 2500000.5], ["Kosong", None]],
}
SHEETS_TEXT = (
    "Penduduk\nKabupaten/Kota\tJumlah\nPalembang\t1700000\nPrabumulih\t190000\n\n"
    "Anggaran\nProgram\tPagu\nKesehatan\t2500000.5\nKosong"
)


def test_xlsx_and_ods_give_sheet_names_and_rows():
    assert extract(testfiles.xlsx(SHEETS), uploads.XLSX).text == SHEETS_TEXT
    assert extract(testfiles.ods(SHEETS), uploads.ODS).text == SHEETS_TEXT


def test_many_cells_are_bounded(settings):
    settings.S2C_SIDATA_MAX_CELLS = 500
    rows = [[f"r{r}c{c}" for c in range(10)] for r in range(200)]
    for kind, content in [
        (uploads.XLSX, testfiles.xlsx({"Besar": rows})),
        (uploads.ODS, testfiles.ods({"Besar": rows})),
    ]:
        result = extract(content, kind)
        assert result.truncated
        assert "r0c0" in result.text and "r40c0" in result.text
        assert "r60c0" not in result.text


def test_long_sheets_stop_at_the_text_limit(settings):
    settings.S2C_SIDATA_MAX_TEXT_CHARS = 1000
    rows = [[f"Baris nomor {r} dengan teks yang cukup panjang"] for r in range(2000)]
    for kind, content in [
        (uploads.XLSX, testfiles.xlsx({"Panjang": rows})),
        (uploads.ODS, testfiles.ods({"Panjang": rows})),
        (uploads.CSV, testfiles.csv_file(rows)),
    ]:
        result = extract(content, kind)
        assert result.truncated and len(result.text) <= 1000
        assert "Baris nomor 0 " in result.text and "Baris nomor 100 " not in result.text


def test_a_sheet_claiming_a_million_rows_ends_fast(settings):
    settings.S2C_SIDATA_MAX_CELLS = 20_000
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{main}"><dimension ref="A1:XFD1048576"/>'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Awal</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>Akhir</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    content = _replace_member(testfiles.xlsx({"Data": [["x"]]}), "xl/worksheets/sheet1.xml", sheet)
    started = time.monotonic()
    result = extract(content, uploads.XLSX)
    assert time.monotonic() - started < 5
    assert result.text.startswith("Data\nAwal") and result.truncated

    ods = testfiles.ods({"Data": [["Awal"]]})
    with zipfile.ZipFile(io.BytesIO(ods)) as archive:
        xml = archive.read("content.xml")
    xml = xml.replace(
        b"</table:table>",
        b'<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        b'table:number-columns-repeated="16384"/></table:table-row><table:table-row>'
        b"<table:table-cell><text:p>Akhir</text:p></table:table-cell></table:table-row>"
        b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
        b'table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
        b"</table:table-row></table:table>",
    )
    ods = _replace_member(ods, "content.xml", xml)
    started = time.monotonic()
    result = extract(ods, uploads.ODS)
    assert time.monotonic() - started < 5
    assert result.text.startswith("Data\nAwal\nAkhir") and result.truncated
    assert len(result.text) < 20 * 20_000


# --- Plain text ---------------------------------------------------------------------------------


def test_control_and_invisible_characters_are_stripped():
    content = (
        "\ufeffLaporan\x00 keuangan\x07\r\n\r\n\r\n\r\nda\u00aderah\u200b  \t tahun\x1b 2025"
        "\ue000\x85 akhir"
    ).encode()
    result = extract(content, uploads.TEXT)
    assert result.text == "Laporan keuangan\n\ndaerah\ttahun 2025 akhir"
    assert extraction.normalise("a\ud800b\u2028c") == "ab\nc"
    assert extraction.normalise("identi\ufb01kasi cafe\u0301") == "identifikasi café"


def test_text_in_other_encodings_is_decoded():
    assert extract("Kota Palembang".encode("utf-16"), uploads.TEXT).text == "Kota Palembang"
    assert extract("Pengaduan café".encode("cp1252"), uploads.TEXT).text == "Pengaduan café"


def test_csv_rows_become_lines_of_cells():
    content = b'Kabupaten;Penduduk;Catatan\nPalembang;1700000;"ibu kota; provinsi"\n'
    result = extract(content, uploads.CSV)
    assert result.text == "Kabupaten\tPenduduk\tCatatan\nPalembang\t1700000\tibu kota; provinsi"
    assert result.method == "csv"


def test_sample_files_are_deterministic():
    for make in (
        testfiles.text_pdf,
        testfiles.scanned_pdf,
        testfiles.mixed_pdf,
        testfiles.docx,
        testfiles.xlsx,
        testfiles.odt,
        testfiles.ods,
        testfiles.scan_tiff,
        testfiles.scan_jpeg,
        testfiles.csv_file,
    ):
        assert make(seed=3) == make(seed=3), make.__name__
    assert testfiles.sentences(4, seed=1) != testfiles.sentences(4, seed=2)
    samples = [
        (testfiles.docx(), uploads.DOCX),
        (testfiles.xlsx(), uploads.XLSX),
        (testfiles.odt(), uploads.ODT),
        (testfiles.ods(), uploads.ODS),
        (testfiles.scan_tiff(), uploads.TIFF),
        (testfiles.text_pdf(), uploads.PDF),
        (testfiles.csv_file(), uploads.CSV),
    ]
    for content, kind in samples:
        assert uploads.detect(content, uploads.ARCHIVE) == kind


def test_mangled_files_give_clear_errors_and_nothing_else():
    """Truncated and byte-flipped copies of every kind: each is read or refused with an
    ExtractionError (never another exception, the way to a server error)."""
    import random

    rng = random.Random(7)
    samples = [
        (testfiles.text_pdf(), uploads.PDF),
        (testfiles.encrypted_pdf(), uploads.PDF),
        (testfiles.docx(), uploads.DOCX),
        (testfiles.xlsx(), uploads.XLSX),
        (testfiles.odt(), uploads.ODT),
        (testfiles.ods(), uploads.ODS),
        (testfiles.csv_file(), uploads.CSV),
        (testfiles.scan_tiff(), uploads.TIFF),
        (testfiles.scan_png(), uploads.PNG),
    ]
    outcomes = set()
    for content, kind in samples:
        for _ in range(25):
            mangled = bytearray(content)
            if rng.random() < 0.5:
                del mangled[rng.randrange(1, len(mangled)) :]
            else:
                for _ in range(rng.randrange(1, 12)):
                    mangled[rng.randrange(len(mangled))] = rng.randrange(256)
            try:
                extract(bytes(mangled), kind, ocr=False, timeout=30)
                outcomes.add("read")
            except ExtractionError as exc:
                outcomes.add(exc.code)
    assert {"read", "damaged"} <= outcomes
    assert outcomes <= {"read", "damaged", "encrypted", "too_large"}
