"""Uploads for an archive (s2c.core.uploads): TIFF scans and ``keep_original`` policies,
which validate images fully but store the uploaded bytes unchanged."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, TiffImagePlugin

from s2c.core import uploads
from s2c.core.errors import ApplicationError

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.S2C_UPLOAD_MAX_BYTES = 10 * MB
    with translation.override("en"):
        yield settings.MEDIA_ROOT


def _tiff(*sizes, mode="L", compression="tiff_deflate") -> bytes:
    frames = [Image.new(mode, size, 200 - 40 * n) for n, size in enumerate(sizes)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], compression=compression)
    return buffer.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ScannerMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "S"}
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def _accept(content: bytes, name: str, policy=uploads.ARCHIVE) -> uploads.StoredFile:
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return uploads.accept(file=upload, policy=policy, folder="sidata/files")


def _refusal(content: bytes, name: str, policy=uploads.ARCHIVE) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        _accept(content, name, policy)
    return exc.value


def _stored(stored: uploads.StoredFile) -> bytes:
    with default_storage.open(stored.name) as handle:
        return handle.read()


def test_tiff_is_detected_from_either_byte_order():
    little = _tiff((30, 20))
    assert little[:4] == b"II*\x00"
    big = b"MM\x00*" + little[4:]  # the header alone decides the kind
    assert uploads.detect(little) == uploads.detect(big) == "image/tiff"
    assert uploads.label(uploads.TIFF) == "TIFF image"
    assert uploads.KINDS[uploads.TIFF].extension == "tif"


def test_a_multi_page_tiff_is_kept_byte_for_byte():
    content = _tiff((60, 40), (50, 30), (40, 20))
    stored = _accept(content, "Surat Masuk 2025.TIFF")
    assert (stored.content_type, stored.width, stored.height) == ("image/tiff", 60, 40)
    assert stored.name.endswith("-surat-masuk-2025.tif")
    assert _stored(stored) == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert Image.open(io.BytesIO(_stored(stored))).n_frames == 3


def test_a_big_endian_tiff_is_accepted():
    content = _tiff((30, 20), mode="I;16B", compression="raw")  # 16-bit, as scanners write
    assert content[:4] == b"MM\x00*"
    assert _stored(_accept(content, "scan.tif")) == content


def test_archive_images_keep_their_metadata_and_bytes():
    jpeg = _jpeg_with_gps()
    stored = _accept(jpeg, "foto.jpg")
    content = _stored(stored)
    assert content == jpeg
    assert stored.sha256 == hashlib.sha256(jpeg).hexdigest()
    assert b"ScannerMaker" in content
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    # The same file through an ordinary image policy is re-encoded and stripped.
    plain = _stored(_accept(jpeg, "foto.jpg", uploads.IMAGES))
    assert plain != jpeg and b"ScannerMaker" not in plain


def test_archive_documents_are_kept_as_uploaded():
    pdf = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b'<?xml version="1.0"?><w:document/>')
    csv = b"Kabupaten,Penduduk\nPalembang,1700000\n"
    for name, content in [("a.pdf", pdf), ("b.docx", docx.getvalue()), ("c.csv", csv)]:
        stored = _accept(content, name)
        assert _stored(stored) == content
        assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_tiff_is_refused_where_it_is_not_listed():
    content = _tiff((30, 20))
    for policy in (uploads.IMAGES, uploads.DOCUMENTS, uploads.IMAGES_AND_DOCUMENTS):
        error = _refusal(content, "scan.tif", policy)
        assert error.code == "file_kind"
        assert str(error).startswith("This kind of file is not accepted: TIFF image.")
        assert "TIFF" not in str(error).split("Accepted:")[1]
    assert "TIFF image" in uploads.ARCHIVE.accepted_labels()


def test_tiff_needs_a_policy_that_keeps_originals():
    with pytest.raises(ValueError, match="keep_original"):
        uploads.UploadPolicy(kinds={uploads.TIFF})
    assert uploads.UploadPolicy(kinds={uploads.TIFF}, keep_original=True).kinds == {"image/tiff"}


def test_every_tiff_frame_is_checked_against_the_pixel_limit():
    policy = uploads.ARCHIVE.replace(max_image_pixels=10_000)
    assert _accept(_tiff((50, 50), (100, 100)), "ok.tif", policy).width == 50
    error = _refusal(_tiff((50, 50), (200, 200)), "second.tif", policy)
    assert error.code == "image_too_large"
    assert str(error) == (
        "This image is too large: 200 × 200 pixels; the limit is 0.01 megapixels."
    )


def test_a_tiff_with_too_many_frames_is_refused():
    policy = uploads.ARCHIVE.replace(max_image_frames=2)
    error = _refusal(_tiff((20, 20), (20, 20), (20, 20)), "many.tif", policy)
    assert error.code == "image_too_many_frames"
    assert str(error) == "This image has 3 pages or frames; the limit is 2."


def test_a_tiff_with_a_damaged_second_frame_is_refused():
    content = bytearray(_tiff((64, 64), (64, 64)))
    image = Image.open(io.BytesIO(bytes(content)))
    image.seek(1)
    offset = image.tag_v2[TiffImagePlugin.STRIPOFFSETS]
    offset = offset[0] if isinstance(offset, tuple) else offset
    content[offset : offset + 8] = b"\xff" * 8  # the deflate stream of page two is broken
    error = _refusal(bytes(content), "broken.tif")
    assert error.code == "file_damaged"
    assert _accept(bytes(_tiff((64, 64), (64, 64))), "whole.tif").width == 64


def test_archive_images_are_still_fully_decoded():
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    error = _refusal(jpeg[: len(jpeg) // 2], "half.jpg")
    assert error.code == "file_damaged"
    bomb = _tiff((12_000, 5_000), mode="1", compression="group4")
    assert len(bomb) < 100_000
    error = _refusal(bomb, "bomb.tif")
    assert error.code == "image_too_large"


def test_the_archive_policy_is_capped_by_the_site_limit(settings):
    assert uploads.ARCHIVE.max_bytes == 100 * MB
    settings.S2C_UPLOAD_MAX_BYTES = 10 * MB
    assert uploads.ARCHIVE.limit == 10 * MB
    settings.S2C_UPLOAD_MAX_BYTES = 500 * MB
    assert uploads.ARCHIVE.limit == 100 * MB
    assert uploads.ARCHIVE.keep_original and not uploads.IMAGES.keep_original
    assert uploads.ARCHIVE.kinds == uploads.DOCUMENTS.kinds | uploads.IMAGES.kinds | {"image/tiff"}


def test_a_canon_raw_file_is_not_taken_for_a_tiff():
    raw = b"II*\x00\x10\x00\x00\x00CR\x02\x00" + b"\x00" * 64
    assert uploads.detect(raw) != uploads.TIFF
    assert _refusal(raw, "photo.tif").code == "file_kind"


def test_an_office_document_with_broken_compressed_data_is_refused_as_damaged():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"<w:document>" + b"kata " * 2000 + b"</w:document>")
    content = bytearray(buffer.getvalue())
    start = content.index(b"word/document.xml") + len("word/document.xml")
    content[start + 20 : start + 40] = b"\xff" * 20  # the deflate stream, not the headers
    for policy in (uploads.ARCHIVE, uploads.DOCUMENTS):
        assert _refusal(bytes(content), "rusak.docx", policy).code == "file_damaged"
