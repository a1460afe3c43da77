"""Real sample files for Sidata's tests and demo data, written here from Indonesian
sentences: PDFs (typed, scanned, mixed, password-protected), DOCX, XLSX, ODT, ODS, CSV,
TXT and scans as PNG, JPEG and multi-page TIFF.

Every generator is deterministic: the same arguments and ``seed`` give the same bytes
(PDFs are written in reportlab's invariant mode, ZIP members carry a fixed date), so a
test may compare SHA-256 digests. Scans are rendered with DejaVu Sans when the Debian
package fonts-dejavu-core is there, else with Pillow's own font; each is tilted by a
fraction of a degree with a little noise, as a flatbed scanner would leave it.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SENTENCES = [
    "Laporan keuangan daerah tahun anggaran 2025 telah diperiksa.",
    "Dinas Komunikasi dan Informatika menyusun rencana kerja tahunan.",
    "Anggaran pendapatan dan belanja daerah Provinsi Sumatera Selatan.",
    "Surat keputusan gubernur tentang pengelolaan arsip dinamis.",
    "Rapat koordinasi pembangunan jalan provinsi di Palembang.",
    "Data penduduk menurut kabupaten dan kota tahun 2024.",
    "Pelayanan kesehatan masyarakat di puskesmas terus ditingkatkan.",
    "Jadwal retensi arsip ditetapkan oleh kepala dinas.",
]

SCAN_LINES = ["LAPORAN KEUANGAN", "Pemerintah Provinsi", "Sumatera Selatan"]

_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
_ZIP_DATE = (2026, 1, 2, 3, 4, 6)


def sentences(count: int = 4, *, seed: int = 0) -> list[str]:
    """``count`` Indonesian sentences, in an order that depends on ``seed``."""
    rng = random.Random(seed)
    pool = list(SENTENCES)
    rng.shuffle(pool)
    return [pool[i % len(pool)] for i in range(count)]


# --- PDF ----------------------------------------------------------------------------------------


def _canvas(buffer, size=None, encrypt=None):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(buffer, pagesize=size or A4, invariant=1, encrypt=encrypt, pageCompression=1)


def _text_page(canvas, lines: Sequence[str]) -> None:
    width, height = canvas._pagesize
    canvas.setFont("Helvetica", 11)
    y = height - 72
    for line in lines:
        canvas.drawString(56, y, line)
        y -= 16


def _scan_page(canvas, lines: Sequence[str], seed: int) -> None:
    from reportlab.lib.utils import ImageReader

    image = scan_image(lines, seed=seed)
    width, height = canvas._pagesize
    canvas.drawImage(ImageReader(image), 0, 0, width=width, height=height)


def _scan_page_size(lines: Sequence[str]) -> tuple[float, float]:
    """The page that holds a scan of ``lines`` at 300 dpi (small: OCR stays quick)."""
    width, height = _scan_size(lines)
    return width * 72 / 300, height * 72 / 300


def text_pdf(pages: Sequence[Sequence[str]] | None = None, *, seed: int = 0) -> bytes:
    """A typed PDF (a real text layer), one list of lines per page."""
    pages = pages if pages is not None else [sentences(4, seed=seed), sentences(3, seed=seed + 1)]
    buffer = io.BytesIO()
    canvas = _canvas(buffer)
    for lines in pages:
        _text_page(canvas, lines)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scanned_pdf(pages: Sequence[Sequence[str]] | None = None, *, seed: int = 0) -> bytes:
    """An image-only PDF, as a scanner makes: each page is a picture of its lines."""
    pages = pages if pages is not None else [SCAN_LINES]
    buffer = io.BytesIO()
    canvas = _canvas(buffer, size=_scan_page_size(pages[0]))
    for number, lines in enumerate(pages):
        canvas.setPageSize(_scan_page_size(lines))
        _scan_page(canvas, lines, seed + number)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def mixed_pdf(
    typed: Sequence[str] | None = None, scanned: Sequence[str] | None = None, *, seed: int = 0
) -> bytes:
    """Two pages: a typed one (text layer) then a scanned one (image only)."""
    typed = typed if typed is not None else sentences(3, seed=seed)
    scanned = scanned if scanned is not None else SCAN_LINES
    buffer = io.BytesIO()
    canvas = _canvas(buffer)
    _text_page(canvas, typed)
    canvas.showPage()
    canvas.setPageSize(_scan_page_size(scanned))
    _scan_page(canvas, scanned, seed)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def encrypted_pdf(
    lines: Sequence[str] | None = None,
    *,
    password: str = "rahasia",
    owner_only: bool = False,
    seed: int = 0,
) -> bytes:
    """A typed PDF protected by ``password``; ``owner_only`` makes it openable without
    one (the password then only limits printing and copying, as many agencies' PDFs)."""
    from reportlab.lib import pdfencrypt

    lines = lines if lines is not None else sentences(3, seed=seed)
    encrypt = pdfencrypt.StandardEncryption(
        "" if owner_only else password, ownerPassword=password + "-owner", canPrint=0
    )
    buffer = io.BytesIO()
    canvas = _canvas(buffer, encrypt=encrypt)
    _text_page(canvas, lines)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- Scans -------------------------------------------------------------------------------------

_SCAN_FONT_SIZE = 44
_MARGIN = 40


def _font(size: int = _SCAN_FONT_SIZE):
    for path in _FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _scan_size(lines: Sequence[str]) -> tuple[int, int]:
    font = _font()
    widest = max(int(font.getlength(line)) for line in lines) if lines else 100
    return widest + 2 * _MARGIN, len(lines) * int(_SCAN_FONT_SIZE * 1.6) + 2 * _MARGIN


def scan_image(lines: Sequence[str] | None = None, *, seed: int = 0) -> Image.Image:
    """A greyscale "scan" of ``lines``: black text on paper, tilted a little, with noise."""
    lines = list(lines if lines is not None else SCAN_LINES)
    rng = random.Random(seed)
    size = _scan_size(lines)
    image = Image.new("L", size, 250)
    draw = ImageDraw.Draw(image)
    font = _font()
    for number, line in enumerate(lines):
        draw.text(
            (_MARGIN, _MARGIN + number * int(_SCAN_FONT_SIZE * 1.6)), line, fill=20, font=font
        )
    image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=250)
    pixels = image.load()
    for _ in range(size[0] * size[1] // 200):  # dust
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        pixels[x, y] = rng.choice((90, 160, 200))
    return image.filter(ImageFilter.SMOOTH)


def scan_png(lines: Sequence[str] | None = None, *, seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    scan_image(lines, seed=seed).save(buffer, "PNG", dpi=(300, 300))
    return buffer.getvalue()


def scan_jpeg(
    lines: Sequence[str] | None = None, *, seed: int = 0, exif_rotation: int = 0
) -> bytes:
    """A JPEG scan; ``exif_rotation`` 6 stores it lying on its side with an EXIF
    Orientation telling viewers to turn it upright (as phones do)."""
    image = scan_image(lines, seed=seed)
    exif = Image.Exif()
    if exif_rotation == 6:
        image = image.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, dpi=(300, 300), exif=exif)
    return buffer.getvalue()


def scan_tiff(pages: Sequence[Sequence[str]] | None = None, *, seed: int = 0) -> bytes:
    """A multi-page TIFF scan (deflate-compressed), one page per list of lines."""
    pages = pages if pages is not None else [SCAN_LINES, ["Arsip Dinas", "Tahun 2025"]]
    images = [scan_image(lines, seed=seed + n) for n, lines in enumerate(pages)]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "TIFF",
        save_all=True,
        append_images=images[1:],
        compression="tiff_deflate",
        dpi=(300, 300),
    )
    return buffer.getvalue()


# --- Office documents ---------------------------------------------------------------------


def _repack(data: bytes, first: str | None = None) -> bytes:
    """The same ZIP with a fixed date on every member (so equal input gives equal bytes);
    ``first`` is stored first and uncompressed (ODF's ``mimetype``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    return _zip(members, first=first)


def _zip(members: Sequence[tuple[str, bytes]], first: str | None = None) -> bytes:
    ordered = sorted(members, key=lambda m: m[0] != first) if first else list(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def docx(
    paragraphs: Sequence[str] | None = None,
    *,
    table: Sequence[Sequence[str]] | None = None,
    header: str | None = "Pemerintah Provinsi Sumatera Selatan",
    seed: int = 0,
) -> bytes:
    """A Word document: a heading, ``paragraphs``, a table and a page header."""
    from docx import Document

    paragraphs = paragraphs if paragraphs is not None else sentences(3, seed=seed)
    table = (
        table if table is not None else [["Kegiatan", "Anggaran"], ["Jalan provinsi", "1500000"]]
    )
    document = Document()
    document.core_properties.author = "Sidata"
    document.add_heading("Nota Dinas", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    return _repack(buffer.getvalue())


def xlsx(sheets: dict[str, Sequence[Sequence]] | None = None, *, seed: int = 0) -> bytes:
    """An Excel workbook, one sheet per entry of ``sheets`` (name: rows of values)."""
    import datetime

    from openpyxl import Workbook

    sheets = sheets if sheets is not None else default_sheets(seed=seed)
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    fixed = datetime.datetime(2026, 1, 2, 3, 4, 5)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return _repack(buffer.getvalue())


def default_sheets(*, seed: int = 0) -> dict[str, list[list]]:
    rng = random.Random(seed)
    regions = ["Palembang", "Prabumulih", "Lubuklinggau", "Pagar Alam", "Ogan Ilir"]
    return {
        "Penduduk": [["Kabupaten/Kota", "Jumlah penduduk"]]
        + [[name, rng.randrange(100_000, 1_800_000)] for name in regions],
        "Anggaran": [["Program", "Pagu"], ["Pelayanan kesehatan", 2500000.5]],
    }


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3"'
)


def _odf(mimetype: str, body: str, styles_body: str = "") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODF_NS}>'
        f"<office:body>{body}</office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_ODF_NS}>'
        f"{styles_body}</office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip(
        [
            ("mimetype", mimetype.encode()),
            ("content.xml", content.encode()),
            ("styles.xml", styles.encode()),
            ("META-INF/manifest.xml", manifest.encode()),
        ],
        first="mimetype",
    )


def odt(
    paragraphs: Sequence[str] | None = None,
    *,
    heading: str = "Notulen Rapat",
    header: str | None = "Dinas Komunikasi dan Informatika",
    seed: int = 0,
) -> bytes:
    """An OpenDocument text: a heading, ``paragraphs`` and a page header."""
    paragraphs = paragraphs if paragraphs is not None else sentences(3, seed=seed)
    body = f'<text:h text:outline-level="1">{escape(heading)}</text:h>' + "".join(
        f"<text:p>{escape(p)}</text:p>" for p in paragraphs
    )
    styles = ""
    if header:
        styles = (
            '<office:master-styles><style:master-page style:name="Standard">'
            f"<style:header><text:p>{escape(header)}</text:p></style:header>"
            "</style:master-page></office:master-styles>"
        )
    return _odf(
        "application/vnd.oasis.opendocument.text",
        f"<office:text>{body}</office:text>",
        styles,
    )


def ods(sheets: dict[str, Sequence[Sequence]] | None = None, *, seed: int = 0) -> bytes:
    """An OpenDocument spreadsheet, one table per entry of ``sheets``."""
    sheets = sheets if sheets is not None else default_sheets(seed=seed)
    tables = []
    for name, rows in sheets.items():
        cells = "".join(
            "<table:table-row>" + "".join(_ods_cell(value) for value in row) + "</table:table-row>"
            for row in rows
        )
        tables.append(f"<table:table table:name={quoteattr(name)}>{cells}</table:table>")
    return _odf(
        "application/vnd.oasis.opendocument.spreadsheet",
        f"<office:spreadsheet>{''.join(tables)}</office:spreadsheet>",
    )


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = str(int(value)) if float(value).is_integer() else str(value)
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


# --- Plain text -------------------------------------------------------------------------------


def csv_file(rows: Sequence[Sequence] | None = None, *, seed: int = 0) -> bytes:
    """A UTF-8 CSV table (comma-separated, quoted where needed)."""
    import csv

    rows = rows if rows is not None else default_sheets(seed=seed)["Penduduk"]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def txt(paragraphs: Sequence[str] | None = None, *, seed: int = 0) -> bytes:
    paragraphs = paragraphs if paragraphs is not None else sentences(4, seed=seed)
    return ("\n\n".join(paragraphs) + "\n").encode()
