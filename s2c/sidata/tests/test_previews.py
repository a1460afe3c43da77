"""Previews (s2c.sidata.previews): thumbnails and page images of generated files, drawn
by Debian's pdftoppm (PDF) and Pillow (images)."""

from __future__ import annotations

import io
import shutil
import tempfile

import pytest
from django.utils import translation
from PIL import Image

from s2c.core import uploads

from .. import previews, testfiles
from ..previews import PreviewError

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm is not installed (apt-get install poppler-utils)",
)


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    with translation.override("en"):
        yield folder
    assert list(folder.iterdir()) == []


def _png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _refusal(*args, **kwargs) -> PreviewError:
    with pytest.raises(PreviewError) as exc:
        previews.thumbnail(*args, **kwargs)
    return exc.value


@needs_pdftoppm
def test_a_pdf_thumbnail_is_its_first_page():
    image = _png(previews.thumbnail(testfiles.text_pdf(), uploads.PDF))
    assert image.size == (320, 453)  # A4's proportions
    assert image.mode == "RGB"
    assert image.getextrema()[0][0] < 100  # the text is drawn: some dark pixels
    assert previews.page_count(testfiles.text_pdf(), uploads.PDF) == 2


@needs_pdftoppm
def test_a_pdf_page_for_the_viewer():
    content = testfiles.mixed_pdf()
    scan = _png(previews.page_image(content, 2, width=1000))
    typed = _png(previews.page_image(content, 1))
    assert scan.width == typed.width == 1000
    assert scan.height < typed.height  # the scanned page is a small one
    error = pytest.raises(PreviewError, previews.page_image, content, 3).value
    assert (error.code, str(error)) == ("bad_page", "There is no page 3; this file has 2.")


@pytest.mark.parametrize("page", [0, -1, True, 1.5, "1", None, 10**100])
def test_pages_that_do_not_exist_are_refused(page):
    assert _refusal(testfiles.text_pdf(), uploads.PDF, page=page).code == "bad_page"
    assert _refusal(testfiles.scan_png(), uploads.PNG, page=page).code == "bad_page"


@pytest.mark.parametrize(
    "width", [0, 15, 2401, -320, float("inf"), float("nan"), 320.5, True, "320", None, 10**100]
)
def test_bad_widths_are_refused(width):
    error = _refusal(testfiles.scan_png(), uploads.PNG, width=width)
    assert error.code == "bad_width"


def test_an_image_thumbnail_is_upright_rgb_and_never_enlarged():
    jpeg = testfiles.scan_jpeg(exif_rotation=6)  # stored on its side, EXIF says turn it
    stored = Image.open(io.BytesIO(jpeg)).size
    assert stored[0] < stored[1]
    image = _png(previews.thumbnail(jpeg, uploads.JPEG, width=200))
    assert image.mode == "RGB"
    assert image.width == 200 and image.height < image.width  # upright again: landscape
    small = _png(previews.thumbnail(testfiles.scan_png(), uploads.PNG, width=2000))
    assert small.size == Image.open(io.BytesIO(testfiles.scan_png())).size


def test_transparency_is_laid_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 20), (255, 0, 0, 0)).save(buffer, "PNG")
    image = _png(previews.thumbnail(buffer.getvalue(), uploads.PNG))
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_each_page_of_a_tiff():
    content = testfiles.scan_tiff([["SATU"], ["HALAMAN DUA YANG PANJANG"]])
    assert previews.page_count(content, uploads.TIFF) == 2
    first = _png(previews.thumbnail(content, uploads.TIFF, width=100))
    second = _png(previews.page_image(content, 2, width=100, content_type=uploads.TIFF))
    assert first.width == second.width == 100
    assert first.height > second.height  # the second scan is wider for its height
    assert _refusal(content, uploads.TIFF, page=3).code == "bad_page"


def test_a_very_tall_image_is_capped_at_four_times_its_width():
    buffer = io.BytesIO()
    Image.new("L", (50, 2000), 128).save(buffer, "PNG")
    image = _png(previews.thumbnail(buffer.getvalue(), uploads.PNG, width=50))
    assert image.size == (5, 200)


@pytest.mark.parametrize(
    "kind", [uploads.DOCX, uploads.XLSX, uploads.ODT, uploads.ODS, uploads.CSV, uploads.TEXT]
)
def test_documents_without_a_picture_say_so(kind):
    error = _refusal(b"anything", kind)
    assert error.code == "no_preview"
    assert str(error) == f"There is no picture of this kind of file: {uploads.label(kind)}."
    with pytest.raises(PreviewError):
        previews.page_count(b"anything", kind)


@needs_pdftoppm
def test_damaged_and_protected_files_are_clear_errors():
    pdf = testfiles.text_pdf()
    for broken in (b"%PDF-1.4\nnothing\n%%EOF", pdf[: len(pdf) // 3]):
        error = _refusal(broken, uploads.PDF)
        assert error.code == "damaged"
        assert str(error) == (
            "This PDF document is damaged or incomplete; no picture of it can be made."
        )
    assert _refusal(testfiles.encrypted_pdf(), uploads.PDF).code == "encrypted"
    assert _png(previews.thumbnail(testfiles.encrypted_pdf(owner_only=True), uploads.PDF))
    png = testfiles.scan_png()
    assert _refusal(png[: len(png) // 2], uploads.PNG).code == "damaged"
    assert _refusal(b"\xff\xd8\xff not a jpeg", uploads.JPEG).code == "damaged"


def test_huge_images_are_refused_without_decoding(monkeypatch):
    monkeypatch.setattr(previews, "MAX_PIXELS", 10_000)
    big = io.BytesIO()
    Image.new("L", (400, 300), 200).save(big, "PNG")
    assert _refusal(big.getvalue(), uploads.PNG).code == "too_large"
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(jpeg, "JPEG")
    image = _png(previews.thumbnail(jpeg.getvalue(), uploads.JPEG, width=40))  # drafted
    assert image.size == (40, 30)


def test_a_missing_pdftoppm_is_named(settings, tmp_path):
    settings.S2C_SIDATA_PDFTOPPM = str(tmp_path / "no-pdftoppm")
    error = _refusal(testfiles.text_pdf(), uploads.PDF)
    assert error.code == "tool_missing"
    assert "poppler-utils" in str(error)
