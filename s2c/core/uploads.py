"""Uploads: the one validated path for every file any service accepts.

    stored = uploads.accept(file=request.FILES["photo"], policy=uploads.IMAGES,
                            folder="care/photos")
    stored.name, stored.original_name, stored.content_type, stored.size, stored.sha256

What happens to a file, in order:
1. It is read in chunks, and refused as soon as it passes the policy's size limit (never
   trusting ``.size``); an empty file is refused.
2. Its kind is detected from its content only (never the name or the client's content
   type): executables, JPEG/PNG/WebP, PDF (``%PDF-`` ... ``%%EOF``), office documents (ZIP
   containers holding ``word/document.xml``, ``xl/workbook.xml`` or an OpenDocument
   ``mimetype``; macros refused; member count and declared unpacked size limited, so zip
   bombs are refused), then the ``filetype`` package, then UTF-8 text (no NUL bytes;
   markup such as HTML, SVG, XML and PHP is its own kind and never plain text).
3. A kind the policy does not accept is refused, naming the kind and what is accepted.
4. Images are decoded by Pillow under a pixel limit (decompression bombs refused), only
   the first frame of an animation is kept, EXIF orientation is applied, colours are
   converted to sRGB, the image is downscaled to the policy's longest side and re-encoded
   (JPEG quality 85 / PNG / WebP) from the bare pixels: EXIF (GPS too), XMP, ICC and
   comments are gone. A ``keep_original`` policy (the archive's, ``ARCHIVE``) decodes
   every frame just the same but stores the uploaded bytes untouched; only such a policy
   takes TIFF (``II*`` / ``MM*`` headers), multi-page scans included. PDFs with
   JavaScript or launch actions are refused; office documents are unpacked in a stream
   to check every member's CRC.
5. It is stored through ``default_storage`` as ``<folder>/<yyyy>/<mm>/<random>-<slug>.<ext>``,
   the extension coming from the detected kind.

Every refusal raises ``ApplicationError`` with a message in the user's language.
``UploadField`` runs the same path inside a Django form.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import secrets
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps

from .errors import ApplicationError

KB = 1024
MB = 1024 * 1024

JPEG, PNG, WEBP, TIFF = "image/jpeg", "image/png", "image/webp", "image/tiff"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT, CSV = "text/plain", "text/csv"

# Detected kinds that no policy accepts.
EXECUTABLE = "application/x-executable"
HTML, SVG, XML, PHP = "text/html", "image/svg+xml", "application/xml", "application/x-php"
ZIP = "application/zip"
MACRO_DOCUMENT = "application/vnd.ms-office.macroenabled"
OLE = "application/x-ole-storage"
TEXT_NOT_UTF8 = "text/x-not-utf-8"
UNKNOWN = "application/octet-stream"


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str
    label: str


KINDS: dict[str, Kind] = {
    k.mime: k
    for k in (
        Kind(JPEG, "jpg", gettext_lazy("JPEG image")),
        Kind(PNG, "png", gettext_lazy("PNG image")),
        Kind(WEBP, "webp", gettext_lazy("WebP image")),
        Kind(TIFF, "tif", gettext_lazy("TIFF image")),
        Kind(PDF, "pdf", gettext_lazy("PDF document")),
        Kind(DOCX, "docx", gettext_lazy("Word document (DOCX)")),
        Kind(XLSX, "xlsx", gettext_lazy("Excel spreadsheet (XLSX)")),
        Kind(ODT, "odt", gettext_lazy("OpenDocument text (ODT)")),
        Kind(ODS, "ods", gettext_lazy("OpenDocument spreadsheet (ODS)")),
        Kind(TEXT, "txt", gettext_lazy("plain text")),
        Kind(CSV, "csv", gettext_lazy("CSV table")),
    )
}
IMAGE_KINDS = frozenset({JPEG, PNG, WEBP})  # the images every image policy accepts
RASTER_KINDS = IMAGE_KINDS | {TIFF}  # everything decoded by Pillow (TIFF: archives only)
_OTHER_LABELS = {
    EXECUTABLE: gettext_lazy("program (executable)"),
    "application/x-msdownload": gettext_lazy("program (executable)"),
    HTML: gettext_lazy("HTML page"),
    SVG: gettext_lazy("SVG image"),
    XML: gettext_lazy("XML file"),
    PHP: gettext_lazy("PHP script"),
    ZIP: gettext_lazy("ZIP archive"),
    MACRO_DOCUMENT: gettext_lazy("office document with macros"),
    OLE: gettext_lazy("old-style or password-protected Office document (DOC, XLS)"),
    TEXT_NOT_UTF8: gettext_lazy("text that is not UTF-8 (save it as UTF-8 and try again)"),
    "image/gif": gettext_lazy("GIF image"),
    UNKNOWN: gettext_lazy("unknown kind of file"),
}
_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", TIFF: "TIFF"}


def label(mime: str) -> str:
    """A reader's name for a detected kind ("JPEG image", "program (executable)")."""
    if mime in KINDS:
        return str(KINDS[mime].label)
    return str(_OTHER_LABELS.get(mime, mime))


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of upload accepts. ``max_bytes`` None means the site-wide limit
    (``settings.S2C_UPLOAD_MAX_BYTES``), which also caps any larger value.

    ``keep_original`` (an archive's policy) stores the uploaded bytes unchanged, so the
    stored file's SHA-256 is the uploaded one: images are still fully decoded under the
    pixel limit (every frame, at most ``max_image_frames``) to refuse bombs and damaged
    files, but neither re-encoded, resized nor stripped of their metadata. TIFF is only
    accepted by such a policy (it would otherwise need re-encoding page by page)."""

    max_bytes: int | None = None
    kinds: frozenset[str] = field(default_factory=frozenset)
    max_image_pixels: int = 50_000_000
    image_max_side: int = 2560
    quality: int = 85
    max_archive_members: int = 2000
    max_archive_bytes: int = 100 * MB  # the declared unpacked size of an office document
    keep_original: bool = False
    max_image_frames: int = 1000  # pages of a TIFF (or frames of an animation) checked

    def __post_init__(self):
        object.__setattr__(self, "kinds", frozenset(self.kinds))
        unknown = self.kinds - set(KINDS)
        if unknown or not self.kinds:
            raise ValueError(f"An UploadPolicy needs kinds from uploads.KINDS, not {unknown}")
        if TIFF in self.kinds and not self.keep_original:
            raise ValueError("TIFF is only accepted by a policy with keep_original=True")

    @property
    def limit(self) -> int:
        site = int(getattr(settings, "S2C_UPLOAD_MAX_BYTES", 10 * MB))
        return min(self.max_bytes, site) if self.max_bytes else site

    def replace(self, **changes) -> UploadPolicy:
        return dataclasses.replace(self, **changes)

    @property
    def accept_attribute(self) -> str:
        """For ``<input type=file accept=...>``: a hint to the browser, nothing more."""
        kinds = sorted(self.kinds)
        return ",".join(kinds + [f".{KINDS[k].extension}" for k in kinds])

    def accepted_labels(self) -> str:
        return ", ".join(label(k) for k in KINDS if k in self.kinds)


IMAGES = UploadPolicy(kinds=IMAGE_KINDS)
DOCUMENTS = UploadPolicy(kinds={PDF, DOCX, XLSX, ODT, ODS, TEXT, CSV})
IMAGES_AND_DOCUMENTS = UploadPolicy(kinds=IMAGES.kinds | DOCUMENTS.kinds)
# Sidata's archive: documents and scans kept byte for byte (still capped by the site limit).
ARCHIVE = UploadPolicy(
    kinds=DOCUMENTS.kinds | IMAGES.kinds | {TIFF}, keep_original=True, max_bytes=100 * MB
)


@dataclass(frozen=True)
class StoredFile:
    name: str  # the name in storage
    original_name: str  # the uploader's file name, sanitised, for display only
    content_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None

    @property
    def url(self) -> str:
        return default_storage.url(self.name)


@dataclass(frozen=True)
class ValidatedFile:
    """A file that passed its policy, held in memory until ``save``."""

    content: bytes
    original_name: str
    content_type: str
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return KINDS[self.content_type].extension

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def save(self, folder: str) -> StoredFile:
        """Store the file under ``folder`` (a relative path such as "care/photos")."""
        name = storage_name(folder, self.original_name, self.extension)
        name = default_storage.save(name, ContentFile(self.content))
        return StoredFile(
            name=name,
            original_name=self.original_name,
            content_type=self.content_type,
            size=self.size,
            sha256=self.sha256,
            width=self.width,
            height=self.height,
        )


def accept(*, file, policy: UploadPolicy, folder: str, name: str | None = None) -> StoredFile:
    """Validate ``file`` (an UploadedFile, a File or a binary file object) against
    ``policy`` and store it under ``folder``. ``name`` overrides the file's own name (it
    is only used to show the uploader's name and to make a readable stored name)."""
    check_folder(folder)
    return validate(file, policy, name=name).save(folder)


def validate(file, policy: UploadPolicy, *, name: str | None = None) -> ValidatedFile:
    """Everything ``accept`` checks, without storing: the accepted file, in memory."""
    original = clean_original_name(name if name is not None else getattr(file, "name", ""))
    data = _read(file, policy.limit)
    if not data:
        raise ApplicationError(_("This file is empty."), code="file_empty")
    mime = detect(data, policy)
    if mime == CSV and CSV not in policy.kinds and TEXT in policy.kinds:
        mime = TEXT
    if mime not in policy.kinds:
        raise ApplicationError(
            _("This kind of file is not accepted: %(kind)s. Accepted: %(accepted)s.")
            % {"kind": label(mime), "accepted": policy.accepted_labels()},
            code="file_kind",
            extra={"detected": mime},
        )
    if mime in RASTER_KINDS:
        if policy.keep_original:
            width, height = _check_image(data, mime, policy)
        else:
            data, width, height = _reencode_image(data, mime, policy)
        return ValidatedFile(data, original, mime, width, height)
    if mime == PDF:
        _check_pdf(data)
    elif mime in (DOCX, XLSX, ODT, ODS):
        _check_archive_members(data)
    return ValidatedFile(data, original, mime)


# --- Reading and names --------------------------------------------------------------------


def human_size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.0f} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    if n >= KB:
        return f"{n / KB:.0f} KB"
    return f"{n} B"


def _read(file, limit: int) -> bytes:
    """The file's bytes, refused as soon as they pass ``limit``."""
    too_large = ApplicationError(
        _("This file is larger than the %(limit)s limit.") % {"limit": human_size(limit)},
        code="file_too_large",
        extra={"limit": limit},
    )
    if getattr(file, "size", None) is not None and file.size > limit:
        raise too_large  # a cheap early refusal; the real check is below
    if hasattr(file, "chunks"):
        chunks = file.chunks(64 * KB)  # Django's File seeks to the start itself
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        chunks = iter(lambda: file.read(64 * KB), b"")
    buffer = bytearray()
    for chunk in chunks:
        if not isinstance(chunk, bytes | bytearray):
            raise TypeError("uploads need a file opened in binary mode")
        buffer += chunk
        if len(buffer) > limit:
            raise too_large
    return bytes(buffer)


def clean_original_name(name) -> str:
    """The uploader's file name, safe to show: no folders, control characters or NULs,
    NFC-normalised, at most 200 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(ch)[0] == "Z" else ch
        for ch in name
        if unicodedata.category(ch)[0] != "C"
    )
    name = " ".join(name.split()).strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 199 - len(ext)] + dot + ext if dot and len(ext) <= 10 else name[:200]
    return name or "file"


_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def check_folder(folder: str) -> str:
    """``folder`` if it is a safe relative path ("care/photos"), else ValueError."""
    parts = folder.split("/") if isinstance(folder, str) else []
    if not parts or not all(_SEGMENT.fullmatch(part) for part in parts):
        raise ValueError(f"Upload folder must be a relative path of plain names: {folder!r}")
    return folder


def storage_name(folder: str, original_name: str, extension: str) -> str:
    """``<folder>/<yyyy>/<mm>/<random>-<slug>.<ext>``, at most 100 characters when the
    folder allows (the default ``max_length`` of a FileField)."""
    prefix = f"{check_folder(folder)}/{timezone.localdate():%Y/%m}/"
    token = secrets.token_hex(12)
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    room = max(8, 100 - len(prefix) - len(token) - len(extension) - 2)
    slug = slugify(stem)[:room].strip("-_") or "file"
    return f"{prefix}{token}-{slug}.{extension}"


# --- Detection ------------------------------------------------------------------------------


def detect(data: bytes, policy: UploadPolicy = DOCUMENTS) -> str:
    """The kind (a MIME type) of ``data``, from its content alone. ZIP containers are
    checked against the policy's archive limits here (a bomb is refused, not detected)."""
    head = data[:8192]
    if head.startswith((b"\x7fELF", b"#!")) or head[:4] in _MACHO:
        return EXECUTABLE
    if head.startswith(b"MZ") and _BINARY_BYTES.search(head[:64]):  # DOS/Windows (PE)
        return EXECUTABLE
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] in (b"II*\x00", b"MM\x00*") and head[8:10] != b"CR":  # not a Canon raw
        return TIFF
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _detect_archive(data, policy)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    guessed = filetype.guess_mime(head)
    if guessed:
        return guessed
    return _detect_text(data)


_MACHO = {b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"}


def _damaged() -> ApplicationError:
    return ApplicationError(
        _("This file is damaged or incomplete. Save it again and upload the new copy."),
        code="file_damaged",
    )


def _detect_archive(data: bytes, policy: UploadPolicy) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    declared = sum(m.file_size for m in members)
    if len(members) > policy.max_archive_members or declared > policy.max_archive_bytes:
        raise ApplicationError(
            _("This file unpacks to more than %(limit)s or %(count)s parts and is not accepted.")
            % {"limit": human_size(policy.max_archive_bytes), "count": policy.max_archive_members},
            code="archive_too_large",
        )
    names = {m.filename for m in members}
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or n.startswith("basic/") for n in lowered):
        return MACRO_DOCUMENT
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as member:
                declared_type = member.read(100).decode("ascii", "replace").strip()
        except _UNREADABLE_MEMBER:
            raise _damaged() from None
        if declared_type == ODT and "content.xml" in names:
            return ODT
        if declared_type == ODS and "content.xml" in names:
            return ODS
    return ZIP


# A member that cannot be unpacked: corrupt deflate data (zlib.error), an unknown
# compression (NotImplementedError), encryption (RuntimeError), a bad CRC (BadZipFile).
_UNREADABLE_MEMBER = (
    zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
    zlib.error,
)  # fmt: skip


def _check_archive_members(data: bytes) -> None:
    """Unpack every member in a stream (bounded by the declared sizes already checked)
    so that a corrupt or encrypted document is refused now, not when someone opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if member.flag_bits & 0x1:
                    raise _damaged()
                with archive.open(member) as stream:
                    while stream.read(256 * KB):
                        pass
    except _UNREADABLE_MEMBER:
        raise _damaged() from None


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-4096:]:
        raise _damaged()
    lowered = data.lower()
    if b"/javascript" in lowered or b"/launch" in lowered or b"<?php" in lowered:
        raise ApplicationError(
            _(
                "This PDF contains scripts or actions and is not accepted. "
                "Print it to a new PDF and try again."
            ),
            code="pdf_active_content",
        )


_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_MARKUP_STARTS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta")


def _detect_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, e.g. Notepad's "Unicode"
        return TEXT_NOT_UTF8
    if _BINARY_BYTES.search(data):
        return UNKNOWN
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        sample = data[:4096]
        printable = sum(1 for b in sample if b >= 0x20 or b in b"\t\n\r")
        return TEXT_NOT_UTF8 if printable >= 0.95 * len(sample) else UNKNOWN
    lowered = text.lower()
    start = lowered.lstrip()[:1024]
    if "<?php" in lowered:
        return PHP
    if start.startswith("<svg") or (
        start.startswith(("<?xml", "<!doctype svg")) and "<svg" in start
    ):
        return SVG
    if start.startswith(_MARKUP_STARTS):
        return HTML
    if start.startswith("<?xml"):
        return XML
    if start.startswith("<") and any(t in lowered for t in ("<script", "<iframe", "<svg", "<html")):
        return HTML
    return CSV if _looks_like_csv(text) else TEXT


def _looks_like_csv(text: str) -> bool:
    """At least two non-empty lines with the same number (two or more) of fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (",", ";", "\t"):
        try:
            widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(widths) == 1 and widths.pop() >= 2:
            return True
    return False


# --- Images --------------------------------------------------------------------------------


def _too_many_pixels(policy: UploadPolicy, size: tuple[int, int] | None) -> ApplicationError:
    limit = f"{policy.max_image_pixels / 1e6:g}"
    if size is None:
        message = _("This image has too many pixels; the limit is %(limit)s megapixels.") % {
            "limit": limit
        }
    else:
        message = _(
            "This image is too large: %(width)s × %(height)s pixels; "
            "the limit is %(limit)s megapixels."
        ) % {"width": size[0], "height": size[1], "limit": limit}
    return ApplicationError(message, code="image_too_large")


def _check_image(data: bytes, mime: str, policy: UploadPolicy) -> tuple[int, int]:
    """Decode every frame of an image kept as uploaded (``keep_original``), each under
    the pixel limit, at most ``max_image_frames``; the first frame's size."""
    fmt = _PIL_FORMATS[mime]
    size = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
            first = image.size
            frames = getattr(image, "n_frames", 1)
            if frames > policy.max_image_frames:
                raise ApplicationError(
                    _("This image has %(count)s pages or frames; the limit is %(limit)s.")
                    % {"count": frames, "limit": policy.max_image_frames},
                    code="image_too_many_frames",
                )
            for index in range(frames):
                image.seek(index)
                size = image.size
                if size[0] * size[1] > policy.max_image_pixels:
                    raise _too_many_pixels(policy, size)
                image.load()
                if image.size[0] * image.size[1] == 0:
                    raise _damaged()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(policy, size) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError):
        raise _damaged() from None
    return first


def _reencode_image(data: bytes, mime: str, policy: UploadPolicy) -> tuple[bytes, int, int]:
    fmt = _PIL_FORMATS[mime]
    size = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
            size = image.size
            if size[0] * size[1] > policy.max_image_pixels:
                raise _too_many_pixels(policy, size)
            image.seek(0)  # an animation keeps its first frame only
            if fmt == "JPEG":
                image.draft("RGB", (policy.image_max_side, policy.image_max_side))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(policy, size) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise _damaged() from None
    icc = image.info.get("icc_profile")
    try:
        image = ImageOps.exif_transpose(image) or image
    except (OSError, SyntaxError, ValueError, KeyError, TypeError, IndexError):
        pass  # unreadable EXIF: keep the pixels as stored
    if image.mode.startswith(("I", "F")):  # 16/32-bit greyscale: scale down to 8 bits
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    if fmt == "JPEG" or not has_alpha:
        target = "L" if image.mode in ("L", "1") else "RGB"
    else:
        target = "RGBA"
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the colours as they are
    if image.mode != target:
        image = image.convert(target)
    side = policy.image_max_side
    if max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    bare = Image.frombytes(image.mode, image.size, image.tobytes())  # pixels, no metadata
    out = io.BytesIO()
    if fmt == "JPEG":
        bare.save(out, format="JPEG", quality=policy.quality, optimize=True, progressive=True)
    elif fmt == "PNG":
        bare.save(out, format="PNG", compress_level=6)
    else:
        bare.save(out, format="WEBP", quality=policy.quality, method=4)
    return out.getvalue(), bare.width, bare.height


# --- Forms -------------------------------------------------------------------------------------


class UploadField(forms.FileField):
    """A form field that validates through ``uploads.validate``: ``cleaned_data[name]``
    is a ``ValidatedFile`` (or None when left empty); call ``.save(folder)`` on it after
    the form is valid to store it. Refusals show next to the field."""

    def __init__(self, *, policy: UploadPolicy, **kwargs):
        self.policy = policy
        kwargs.setdefault("widget", forms.ClearableFileInput)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", policy.accept_attribute)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is None or value is False or value is initial:
            return value
        if isinstance(value, ValidatedFile):
            return value
        try:
            return validate(value, self.policy)
        except ApplicationError as exc:
            raise ValidationError(str(exc.message), code=exc.code) from None
