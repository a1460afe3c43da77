"""Uploads (s2c.core.uploads): hostile and benign files, all generated here."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image

from s2c.core import uploads
from s2c.core.errors import ApplicationError

MB = 1024 * 1024
IMAGES_ACCEPTED = "Accepted: JPEG image, PNG image, WebP image."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.S2C_UPLOAD_MAX_BYTES = 10 * MB
    with translation.override("en"):
        yield settings.MEDIA_ROOT


def _upload(content: bytes, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _refusal(content: bytes, name: str, policy=uploads.IMAGES) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        uploads.accept(file=_upload(content, name), policy=policy, folder="test/files")
    assert _everything_stored() == []
    return exc.value


def _everything_stored() -> list:
    from django.conf import settings

    return sorted(settings.MEDIA_ROOT.rglob("*"))


def _image(fmt="JPEG", size=(40, 20), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else 0).save(buffer, fmt, **save)
    return buffer.getvalue()


def _zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_MEMBERS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document/>',
}


def _stored_bytes(stored: uploads.StoredFile) -> bytes:
    with default_storage.open(stored.name) as handle:
        return handle.read()


# --- Benign files -------------------------------------------------------------------------


def test_a_jpeg_is_stored_with_a_safe_name_and_facts(media_root):
    stored = uploads.accept(
        file=_upload(_image(), "Foto Jalan Rusak.JPG"), policy=uploads.IMAGES, folder="care/photos"
    )
    assert stored.name.startswith("care/photos/")
    assert stored.name.endswith("-foto-jalan-rusak.jpg")
    assert len(stored.name) <= 100
    assert stored.original_name == "Foto Jalan Rusak.JPG"
    assert (stored.content_type, stored.width, stored.height) == ("image/jpeg", 40, 20)
    content = _stored_bytes(stored)
    assert stored.size == len(content)
    import hashlib

    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert (media_root / stored.name).is_file()
    assert stored.url == f"/media/{stored.name}"


def test_two_uploads_of_one_name_get_different_names():
    a = uploads.accept(file=_upload(_image(), "a.jpg"), policy=uploads.IMAGES, folder="x")
    b = uploads.accept(file=_upload(_image(), "a.jpg"), policy=uploads.IMAGES, folder="x")
    assert a.name != b.name


@pytest.mark.parametrize(
    ("fmt", "mime", "extension"),
    [("PNG", "image/png", "png"), ("WEBP", "image/webp", "webp")],
)
def test_png_and_webp_keep_their_format(fmt, mime, extension):
    stored = uploads.accept(
        file=_upload(_image(fmt), "picture.bin"), policy=uploads.IMAGES, folder="x"
    )
    assert (stored.content_type, stored.name.rsplit(".", 1)[1]) == (mime, extension)
    assert Image.open(io.BytesIO(_stored_bytes(stored))).format == fmt


def test_large_images_are_downscaled_and_orientation_applied():
    stored = uploads.accept(
        file=_upload(_image(size=(3000, 1000)), "wide.jpg"), policy=uploads.IMAGES, folder="x"
    )
    assert (stored.width, stored.height) == (2560, 853)
    small = uploads.IMAGES.replace(image_max_side=100)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to display
    rotated = uploads.accept(
        file=_upload(_image(size=(40, 20), exif=exif.tobytes()), "r.jpg"), policy=small, folder="x"
    )
    assert (rotated.width, rotated.height) == (20, 40)


def test_an_animated_webp_keeps_its_first_frame():
    frames = [Image.new("RGB", (30, 20), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    stored = uploads.accept(
        file=_upload(buffer.getvalue(), "anim.webp"), policy=uploads.IMAGES, folder="x"
    )
    image = Image.open(io.BytesIO(_stored_bytes(stored)))
    assert getattr(image, "n_frames", 1) == 1
    red, green, blue = image.convert("RGB").getpixel((10, 10))
    assert red > 200 and blue < 50


def test_transparency_survives_in_png():
    stored = uploads.accept(
        file=_upload(_image("PNG", mode="RGBA"), "t.png"), policy=uploads.IMAGES, folder="x"
    )
    assert Image.open(io.BytesIO(_stored_bytes(stored))).mode == "RGBA"


def test_documents_are_detected_from_their_content():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Jumlah"
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    odt = _zip(
        {"mimetype": uploads.ODT.encode(), "content.xml": b"<office:document-content/>"},
        compression=zipfile.ZIP_STORED,
    )
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    cases = [
        (pdf, "laporan.pdf", uploads.PDF, "pdf"),
        (_zip(DOCX_MEMBERS), "surat.bin", uploads.DOCX, "docx"),
        (xlsx.getvalue(), "data.xlsx", uploads.XLSX, "xlsx"),
        (odt, "surat.odt", uploads.ODT, "odt"),
        (b"Laporan warga: jalan rusak di Jl. Sudirman.\n", "a.txt", uploads.TEXT, "txt"),
        (b"kabupaten;jumlah\nMuara Enim;12\nLahat;7\n", "data.txt", uploads.CSV, "csv"),
    ]
    for content, name, mime, extension in cases:
        stored = uploads.accept(file=_upload(content, name), policy=uploads.DOCUMENTS, folder="d")
        assert (stored.content_type, stored.name.rsplit(".", 1)[1]) == (mime, extension), name
        assert _stored_bytes(stored) == content


# --- Hostile files ---------------------------------------------------------------------------


def test_html_and_svg_with_script_named_jpg_are_refused():
    html = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
    assert str(_refusal(html, "photo.jpg")) == (
        f"This kind of file is not accepted: HTML page. {IMAGES_ACCEPTED}"
    )
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    error = _refusal(svg, "photo.jpg")
    assert str(error) == f"This kind of file is not accepted: SVG image. {IMAGES_ACCEPTED}"
    assert (error.code, error.extra) == ("file_kind", {"detected": "image/svg+xml"})
    # Not even where text is welcome.
    assert "HTML page" in str(_refusal(html, "notes.txt", uploads.DOCUMENTS))


@pytest.mark.parametrize(
    "header",
    [b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56],
    ids=["elf", "pe"],
)
def test_executables_named_pdf_are_refused(header):
    error = _refusal(header + b"%PDF-1.4 %%EOF", "invoice.pdf", uploads.DOCUMENTS)
    assert str(error).startswith("This kind of file is not accepted: program (executable).")


def test_php_polyglots_are_refused_or_neutralised():
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<?php system($_GET['c']); ?>"
    assert str(_refusal(gif, "shell.php.jpg")) == (
        f"This kind of file is not accepted: GIF image. {IMAGES_ACCEPTED}"
    )
    assert "PHP script" in str(_refusal(b"<?php phpinfo(); ?>", "a.txt", uploads.DOCUMENTS))
    pdf = b"%PDF-1.4\n<?php system($_GET['c']); ?>\n%%EOF\n"
    assert _refusal(pdf, "a.pdf", uploads.DOCUMENTS).code == "pdf_active_content"
    # A real JPEG carrying PHP in a comment is re-encoded from its pixels: no PHP is left.
    jpeg = _image(comment=b"<?php system($_GET['c']); ?>")
    assert b"<?php" in jpeg
    stored = uploads.accept(file=_upload(jpeg, "shell.php.jpg"), policy=uploads.IMAGES, folder="x")
    assert stored.name.endswith("-shellphp.jpg")
    assert b"<?php" not in _stored_bytes(stored)


def test_a_pdf_with_javascript_or_without_end_is_refused():
    js = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"
    assert str(_refusal(js, "a.pdf", uploads.DOCUMENTS)) == (
        "This PDF contains scripts or actions and is not accepted. "
        "Print it to a new PDF and try again."
    )
    assert _refusal(b"%PDF-1.4\n1 0 obj", "a.pdf", uploads.DOCUMENTS).code == "file_damaged"


def test_gps_exif_and_xmp_are_stripped():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (2.0, 59.0, 27.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (104.0, 45.0, 20.0),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    jpeg = _image(exif=exif.tobytes(), xmp=xmp)
    source = Image.open(io.BytesIO(jpeg))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the sample really has GPS
    stored = uploads.accept(file=_upload(jpeg, "gps.jpg"), policy=uploads.IMAGES, folder="x")
    content = _stored_bytes(stored)
    image = Image.open(io.BytesIO(content))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "xmp" not in image.info
    assert b"Exif" not in content and b"PhoneMaker" not in content and b"xmpmeta" not in content


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4096, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_decompression_bombs_are_refused():
    bomb = _png_header_only(100_000, 100_000)
    assert len(bomb) < 200
    error = _refusal(bomb, "bomb.png")
    assert error.code == "image_too_large"
    assert str(error) == "This image has too many pixels; the limit is 50 megapixels."
    error = _refusal(_png_header_only(8000, 8000), "big.png")
    assert str(error) == (
        "This image is too large: 8000 × 8000 pixels; the limit is 50 megapixels."
    )


def test_a_truncated_image_is_refused_as_damaged():
    jpeg = _image(size=(200, 200))
    error = _refusal(jpeg[: len(jpeg) // 2], "half.jpg")
    assert str(error) == (
        "This file is damaged or incomplete. Save it again and upload the new copy."
    )


def test_zip_bomb_docx_is_refused():
    bomb = _zip({**DOCX_MEMBERS, "word/media/zeros.bin": b"\x00" * (20 * MB)})
    assert len(bomb) < 100_000
    policy = uploads.DOCUMENTS.replace(max_archive_bytes=10 * MB)
    error = _refusal(bomb, "bomb.docx", policy)
    assert error.code == "archive_too_large"
    assert str(error) == "This file unpacks to more than 10 MB or 2000 parts and is not accepted."


def test_zip_bombs_with_lying_headers_or_many_members_are_refused():
    honest = _zip(DOCX_MEMBERS)
    # Declare 4 GB for the first member in the central directory.
    central = honest.index(b"PK\x01\x02")
    lying = bytearray(honest)
    lying[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFF0)
    assert _refusal(bytes(lying), "lie.docx", uploads.DOCUMENTS).code == "archive_too_large"
    # Declare fewer bytes than there are: unpacking stops early and the CRC fails.
    shrunk = bytearray(honest)
    shrunk[central + 24 : central + 28] = struct.pack("<I", 3)
    assert _refusal(bytes(shrunk), "lie.docx", uploads.DOCUMENTS).code == "file_damaged"
    many = _zip({**DOCX_MEMBERS, **{f"word/p{i}.xml": b"x" for i in range(30)}})
    policy = uploads.DOCUMENTS.replace(max_archive_members=20)
    assert _refusal(many, "many.docx", policy).code == "archive_too_large"


def test_macro_documents_and_plain_zips_are_refused():
    macro = _zip({**DOCX_MEMBERS, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert "office document with macros" in str(_refusal(macro, "a.docx", uploads.DOCUMENTS))
    plain = _zip({"readme.txt": b"hello"})
    assert "ZIP archive" in str(_refusal(plain, "a.docx", uploads.DOCUMENTS))
    assert _refusal(b"PK\x03\x04garbage", "a.docx", uploads.DOCUMENTS).code == "file_damaged"


def test_oversized_files_are_refused_while_reading():
    policy = uploads.DOCUMENTS.replace(max_bytes=5 * MB)
    content = b"a" * (5 * MB + 1)
    assert str(_refusal(content, "big.txt", policy)) == "This file is larger than the 5 MB limit."

    class Lying(io.BytesIO):
        size = 10  # a client-declared size is never trusted

    with pytest.raises(ApplicationError) as exc:
        uploads.accept(file=Lying(content), policy=policy, folder="x", name="big.txt")
    assert exc.value.code == "file_too_large"
    assert exc.value.extra == {"limit": 5 * MB}
    # The site-wide limit caps every policy.
    assert uploads.UploadPolicy(max_bytes=50 * MB, kinds={uploads.TEXT}).limit == 10 * MB


def test_names_are_made_safe():
    png = _image("PNG")
    traversal = uploads.accept(
        file=_upload(png, "x.png"), policy=uploads.IMAGES, folder="x", name="../../etc/passwd.png"
    )
    assert traversal.original_name == "passwd.png"
    assert traversal.name.startswith("x/") and ".." not in traversal.name
    assert traversal.name.endswith("-passwd.png")
    nul = uploads.accept(
        file=_upload(png, "x.png"), policy=uploads.IMAGES, folder="x", name="a\x00.jpg"
    )
    assert nul.original_name == "a.jpg"
    assert nul.name.endswith("-a.png")  # the extension comes from the content
    windows = uploads.clean_original_name("C:\\Users\\warga\\foto.png")
    assert windows == "foto.png"
    assert uploads.clean_original_name("gambar\u202egnp.exe") == "gambargnp.exe"
    assert uploads.clean_original_name("") == "file"


def test_unicode_names():
    png = _image("PNG")
    accented = uploads.accept(
        file=_upload(png, "Café Palembang – Ampera.png"), policy=uploads.IMAGES, folder="x"
    )
    assert accented.original_name == "Café Palembang – Ampera.png"
    assert accented.name.endswith("-cafe-palembang-ampera.png")
    cjk = uploads.accept(file=_upload(png, "写真.png"), policy=uploads.IMAGES, folder="x")
    assert cjk.original_name == "写真.png"
    assert cjk.name.endswith("-file.png")
    long_name = "a" * 300 + ".png"
    assert len(uploads.clean_original_name(long_name)) == 200


def test_empty_and_unknown_files_are_refused():
    assert str(_refusal(b"", "empty.jpg")) == "This file is empty."
    binary = bytes(range(256)) * 4
    assert "unknown kind of file" in str(_refusal(binary, "x.txt", uploads.DOCUMENTS))
    latin1 = b"Laporan Desember: jalan rusak di Pagar Alam" + b"\xe9\xe8 caf\xe9"
    assert "not UTF-8" in str(_refusal(latin1, "x.txt", uploads.DOCUMENTS))
    utf16 = "kabupaten;jumlah\nLahat;7\n".encode("utf-16")
    assert str(_refusal(utf16, "x.csv", uploads.DOCUMENTS)).startswith(
        "This kind of file is not accepted: text that is not UTF-8 "
        "(save it as UTF-8 and try again)."
    )


UNSAFE_FOLDERS = ["", "/etc", "../up", "a/../b", "a//b", "a/.hidden", "a\\b", "a\n", "a/"]


@pytest.mark.parametrize("folder", UNSAFE_FOLDERS)
def test_unsafe_folders_are_a_programming_error(folder):
    with pytest.raises(ValueError):
        uploads.accept(file=_upload(_image(), "a.jpg"), policy=uploads.IMAGES, folder=folder)


def test_policies_need_known_kinds():
    with pytest.raises(ValueError):
        uploads.UploadPolicy(kinds={"application/x-msdownload"})
    assert uploads.IMAGES_AND_DOCUMENTS.kinds == uploads.IMAGES.kinds | uploads.DOCUMENTS.kinds


# --- The form field ------------------------------------------------------------------------


class PhotoForm(forms.Form):
    photo = uploads.UploadField(policy=uploads.IMAGES, label="Photo")


def test_upload_field_shows_the_refusal_next_to_the_field():
    html = b"<html><script>alert(1)</script></html>"
    form = PhotoForm(data={}, files={"photo": _upload(html, "x.jpg")})
    assert form.is_valid() is False
    assert form.errors == {
        "photo": [f"This kind of file is not accepted: HTML page. {IMAGES_ACCEPTED}"]
    }
    assert 'accept="image/jpeg,image/png,image/webp,.jpg,.png,.webp"' in str(form["photo"])


def test_upload_field_keeps_the_validated_file_until_saved(media_root):
    form = PhotoForm(data={}, files={"photo": _upload(_image(), "jalan.jpg")})
    assert form.is_valid() is True
    validated = form.cleaned_data["photo"]
    assert isinstance(validated, uploads.ValidatedFile)
    assert _everything_stored() == []  # nothing stored yet
    stored = validated.save("care/photos")
    assert stored.original_name == "jalan.jpg"
    assert (media_root / stored.name).is_file()


def test_upload_field_is_required_unless_told_otherwise():
    assert PhotoForm(data={}, files={}).errors == {"photo": ["This field is required."]}

    class Optional(forms.Form):
        photo = uploads.UploadField(policy=uploads.IMAGES, required=False)

    form = Optional(data={}, files={})
    assert form.is_valid() is True
    assert form.cleaned_data["photo"] is None
