"""Text out of an archive file, for Indonesian full-text search.

    result = extraction.extract(content, uploads.PDF)
    result.text, result.pages, result.ocr_pages, result.method

What is read how (operators' page: docs/sidata-extraction.md):
- PDF: each page's text layer through pypdf; a page without a real text layer (a scan) is
  rasterised by ``pdftoppm`` at 300 dpi and read by Tesseract, page by page, so a PDF of
  typed and scanned pages gives both. An encrypted PDF opens only when it needs no
  password to read (an "owner password" that just limits printing).
- DOCX and ODT: paragraphs, tables (a cell per tab), text boxes, headers and footers,
  foot- and endnotes, straight from the XML (no entities, no network).
- XLSX and ODS: each sheet's name, then its cells row by row (cached formula values), at
  most ``S2C_SIDATA_MAX_CELLS`` cells visited, so a sheet claiming a million rows ends fast.
- CSV and plain text: decoded (UTF-8, UTF-16 with a BOM, else Windows-1252).
- JPEG, PNG, WebP and TIFF (every frame): OCR'd by Tesseract after Pillow decoded them
  under a pixel limit (EXIF orientation applied, greyscale).

Whitespace is normalised, control and format characters are dropped, and the text is cut
at ``S2C_SIDATA_MAX_TEXT_CHARS`` characters; at most ``S2C_SIDATA_MAX_OCR_PAGES`` pages or
frames of one file are OCR'd. External tools run without a shell, in a temporary
directory removed afterwards, within the one deadline ``timeout`` gives the whole file.
Every failure is an ``ExtractionError`` with a message in the active language.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import functools
import io
import logging
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from s2c.core import uploads
from s2c.core.errors import ApplicationError

__all__ = [
    "Extracted",
    "ExtractionError",
    "extract",
    "normalise",
    "health_status",
    "ocr_available",
    "ocr_languages",
]

# What ``Extracted.method`` says was done.
PDF_TEXT, PDF_OCR, PDF_MIXED = "pdf_text", "pdf_ocr", "pdf_text+ocr"
IMAGE_OCR = "image_ocr"
NONE = "none"  # an image read with ocr=False: nothing was read

OCR_DPI = 300
OCR_PACKAGES = ("tesseract-ocr", "tesseract-ocr-ind", "tesseract-ocr-eng", "poppler-utils")
MAX_OCR_PIXELS = 50_000_000  # a page or frame above this is read at a lower resolution
# What the parsers raise on a broken or hostile file (lxml's syntax errors are SyntaxErrors).
BROKEN_FILE = (
    OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, EOFError,
    SyntaxError, AssertionError, ArithmeticError, RecursionError, NotImplementedError,
    RuntimeError, LookupError, struct.error, zlib.error, zipfile.BadZipFile,
    zipfile.LargeZipFile, PyPdfError, InvalidFileException,
)  # fmt: skip
logger = logging.getLogger(__name__)
_LANGUAGES = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,31}(\+[A-Za-z][A-Za-z0-9_]{1,31}){0,7}")


@dataclass(frozen=True)
class Extracted:
    """The text of one file. ``pages`` is the PDF's page count or the image's frame
    count (None for other kinds), ``ocr_pages`` how many of them Tesseract read.
    ``skipped_pages`` counts pages that needed OCR but were not read (``ocr=False`` or
    past ``S2C_SIDATA_MAX_OCR_PAGES``); ``truncated`` says the text or the cells were cut
    at their limit."""

    text: str
    pages: int | None
    ocr_pages: int
    method: str
    skipped_pages: int = 0
    truncated: bool = False


class ExtractionError(ApplicationError):
    """Text could not be extracted. ``code`` says why (``damaged``, ``encrypted``,
    ``too_large``, ``unsupported``, ``ocr_missing``, ``tool_failed``, ``timeout``);
    ``retryable`` is True when trying again later may succeed (a tool installed, a
    longer timeout), False when the file itself is the problem."""

    status_code = 422
    code = "extraction_failed"
    RETRYABLE = frozenset({"ocr_missing", "tool_failed", "timeout"})

    @property
    def retryable(self) -> bool:
        return self.code in self.RETRYABLE


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_text_chars() -> int:
    return _setting("S2C_SIDATA_MAX_TEXT_CHARS", 2_000_000)


def max_ocr_pages() -> int:
    return _setting("S2C_SIDATA_MAX_OCR_PAGES", 200)


def max_cells() -> int:
    return _setting("S2C_SIDATA_MAX_CELLS", 1_000_000)


def default_timeout() -> float:
    return float(getattr(settings, "S2C_SIDATA_EXTRACT_TIMEOUT", 1800))


def tesseract_command() -> str:
    return str(getattr(settings, "S2C_SIDATA_TESSERACT", "tesseract"))


def pdftoppm_command() -> str:
    return str(getattr(settings, "S2C_SIDATA_PDFTOPPM", "pdftoppm"))


def pdftotext_command() -> str:
    return str(getattr(settings, "S2C_SIDATA_PDFTOTEXT", "pdftotext"))


# --- Errors -------------------------------------------------------------------------------


def _damaged(kind: str) -> ExtractionError:
    return ExtractionError(
        _("This %(kind)s is damaged or incomplete; no text could be read from it.")
        % {"kind": uploads.label(kind)},
        code="damaged",
    )


def _timed_out(timeout: float) -> ExtractionError:
    return ExtractionError(
        _("Reading the text took longer than %(seconds)s seconds and was stopped.")
        % {"seconds": f"{timeout:g}"},
        code="timeout",
    )


def _tool_missing(tool: str, package: str) -> ExtractionError:
    return ExtractionError(
        _(
            "The text recognition tool %(tool)s is not installed on this server. "
            "Ask the operator to install the Debian package %(package)s, then retry."
        )
        % {"tool": tool, "package": package},
        code="ocr_missing",
    )


class _Deadline:
    def __init__(self, timeout: float):
        self.timeout = timeout
        self.end = time.monotonic() + timeout

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise _timed_out(self.timeout)
        return left

    def check(self) -> None:
        self.remaining()


# --- The entry point ------------------------------------------------------------------------


def extract(
    content: bytes,
    content_type: str,
    *,
    ocr: bool = True,
    languages: str = "ind+eng",
    timeout: float | None = None,
) -> Extracted:
    """The text of ``content``, a file of ``content_type`` (one of ``s2c.core.uploads``'
    kinds). ``ocr`` False reads only what needs no OCR (``skipped_pages`` counts the
    rest); ``languages`` are Tesseract's, joined by "+"; ``timeout`` (seconds, default
    ``S2C_SIDATA_EXTRACT_TIMEOUT``, 1800) bounds the whole file. Raises ExtractionError."""
    if not isinstance(content, bytes | bytearray | memoryview):
        raise TypeError("extract() needs the file's bytes")
    content = bytes(content)
    if timeout is None:
        timeout = default_timeout()
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError("timeout must be a number of seconds")
    if not math.isfinite(timeout) or timeout <= 0:
        raise ValueError("timeout must be a positive, finite number of seconds")
    if not isinstance(languages, str) or not _LANGUAGES.fullmatch(languages):
        raise ExtractionError(
            _("The OCR languages must be names such as ind+eng, not “%(value)s”.")
            % {"value": str(languages)[:40]},
            code="bad_languages",
        )
    if not content:
        return Extracted("", None, 0, "empty")
    job = _Job(ocr=ocr, languages=languages, deadline=_Deadline(float(timeout)))
    reader = _READERS.get(content_type)
    if reader is None:
        raise ExtractionError(
            _("No text can be read from this kind of file: %(kind)s.")
            % {"kind": uploads.label(content_type)},
            code="unsupported",
        )
    try:
        return reader(job, content)
    except ExtractionError:
        raise
    except Exception:  # noqa: BLE001 - a parser's surprise is the file's fault, logged for us
        logger.exception("sidata: unexpected error reading a %s file", content_type)
        raise _damaged(content_type) from None


@dataclass
class _Job:
    ocr: bool
    languages: str
    deadline: _Deadline
    ocr_pages: int = 0
    skipped_pages: int = 0
    truncated: bool = False
    chars: int = 0
    _checked_languages: bool = False

    def room(self) -> bool:
        """Whether more text is worth reading (a little past the cap, as normalising
        shortens the text)."""
        if self.chars > max_text_chars() * 1.25 + 1000:
            self.truncated = True
            return False
        return True

    def add(self, parts: list[str], text: str) -> None:
        parts.append(text)
        self.chars += len(text)

    def may_ocr(self) -> bool:
        """Whether the next page that needs OCR is to be read; counts it skipped if not."""
        if not self.ocr or self.ocr_pages >= max_ocr_pages() or not self.room():
            self.skipped_pages += 1
            return False
        if not self._checked_languages:
            _check_languages(self.languages)
            self._checked_languages = True
        return True

    def result(self, parts: list[str], pages: int | None, method: str) -> Extracted:
        text, cut = _finish(parts)
        return Extracted(
            text=text,
            pages=pages,
            ocr_pages=self.ocr_pages,
            method=method,
            skipped_pages=self.skipped_pages,
            truncated=self.truncated or cut,
        )


# --- Text normalisation ------------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffd"
    "\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
_CELL_GAP = re.compile(r"[^\S\n]*\t[^\S\n]*")
_SPACES = re.compile(r"[^\S\n\t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """Plain, searchable text: NFKC-normalised (so a PDF's "ﬁ" ligature is "fi" and a
    decomposed "é" one character), line breaks unified, control characters become spaces,
    format characters (zero-width, soft hyphen, BOM, direction marks), private-use
    characters and lone surrogates are dropped, runs of spaces become one space (a tab
    between table cells stays one tab), lines are trimmed and at most one blank line
    stays between paragraphs."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROLS.sub(lambda m: "\n" if m.group() in "\x0c\u2028\u2029\x0b" else " ", text)
    text = _INVISIBLE.sub("", text)
    text = _CELL_GAP.sub("\t", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip(" \t") for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _finish(parts: list[str]) -> tuple[str, bool]:
    text = normalise("\n\n".join(p for p in parts if p))
    limit = max_text_chars()
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"), cut.rfind("\t"))
    if space > limit - 200:
        cut = cut[:space]
    return cut.rstrip(), True


def _real_text(text: str) -> bool:
    """Whether a PDF page's extracted text is a real text layer: a few words of letters
    and digits, not a handful of stray glyphs or unmapped font codes."""
    letters = sum(1 for ch in text if ch.isalnum())
    junk = len(_INVISIBLE.findall(text)) + len(_CONTROLS.findall(text.replace("\x0c", "")))
    return letters >= 16 and junk <= letters // 10


# --- External tools ------------------------------------------------------------------------------


def _run(args: list[str], *, deadline: _Deadline, cwd: str, tool: str, package: str) -> bytes:
    """Run one tool (list args, no shell) in ``cwd`` within the deadline; its stdout."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": cwd,
        "LC_ALL": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",  # one core per OCR: the worker runs beside web processes
    }
    try:
        done = subprocess.run(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=deadline.remaining(),
            check=False,
        )
    except FileNotFoundError:
        raise _tool_missing(tool, package) from None
    except subprocess.TimeoutExpired:
        raise _timed_out(deadline.timeout) from None
    except OSError as exc:
        raise ExtractionError(
            _("The tool %(tool)s could not be started: %(error)s")
            % {"tool": tool, "error": exc.strerror or exc},
            code="tool_failed",
        ) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractionError(
            _("The tool %(tool)s failed: %(error)s")
            % {
                "tool": tool,
                "error": normalise(detail[-1] if detail else str(done.returncode))[:200],
            },
            code="tool_failed",
        )
    return done.stdout


def ocr_languages() -> set[str]:
    """The languages the installed Tesseract knows (empty when it is missing)."""
    try:
        done = subprocess.run(
            [tesseract_command(), "--list-langs"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if done.returncode != 0:
        return set()
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return {line.strip() for line in lines[1:] if line.strip()}  # after the heading line


def ocr_available(languages: str = "ind") -> bool:
    """Whether Tesseract is installed with ``languages`` (for the health check)."""
    return set(languages.split("+")) <= ocr_languages()


_HEALTH_CACHE: dict[str, tuple[float, dict]] = {}


def health_status(*, max_age: float = 60.0) -> dict:
    """For ``/healthz`` (a non-critical check): whether scans can be read, i.e. Tesseract
    with Indonesian and English and poppler's pdftoppm are installed. Asked of the tools
    at most once per ``max_age`` seconds per process."""
    cached = _HEALTH_CACHE.get("status")
    if cached and time.monotonic() - cached[0] < max_age:
        return cached[1]
    languages = ocr_languages()
    pdftoppm = shutil.which(pdftoppm_command()) is not None
    ready = {"ind", "eng"} <= languages and pdftoppm
    status = {
        "status": "ok" if ready else "error",
        "ocr_languages": sorted(languages),
        "pdftoppm": pdftoppm,
    }
    if not ready:
        status["fix"] = "apt-get install " + " ".join(OCR_PACKAGES)
    _HEALTH_CACHE["status"] = (time.monotonic(), status)
    return status


def _check_languages(languages: str) -> None:
    known = ocr_languages()
    if not known:
        raise _tool_missing("tesseract", "tesseract-ocr")
    missing = [lang for lang in languages.split("+") if lang not in known]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang.replace('_', '-').lower()}" for lang in missing)
        raise ExtractionError(
            _(
                "The OCR language %(languages)s is not installed on this server. "
                "Ask the operator to install %(packages)s, then retry."
            )
            % {"languages": "+".join(missing), "packages": packages},
            code="ocr_missing",
        )


def _tesseract(image_path: str, *, dpi: int, job: _Job, cwd: str) -> str:
    out = _run(
        [tesseract_command(), image_path, "stdout", "-l", job.languages, "--dpi", str(dpi)],
        deadline=job.deadline,
        cwd=cwd,
        tool="tesseract",
        package="tesseract-ocr",
    )
    job.ocr_pages += 1
    return out.decode("utf-8", "replace")


def _workdir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="s2c-sidata-")


# --- PDF --------------------------------------------------------------------------------------


def open_pdf(content: bytes, error=_damaged):
    """A pypdf reader for ``content``, decrypted when it needs no password. ``error(kind)``
    makes the exception for a damaged file; an encrypted one raises ``ExtractionError``
    (code ``encrypted``). Shared with previews."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _encrypted()
            len(reader.pages)  # reads the page tree: a broken one fails here
    except ExtractionError:
        raise
    except NotImplementedError:  # an encryption pypdf does not know (rights management)
        raise (_encrypted() if b"/Encrypt" in content else error(uploads.PDF)) from None
    except BROKEN_FILE:
        raise error(uploads.PDF) from None
    return reader


def _encrypted() -> ExtractionError:
    return ExtractionError(
        _(
            "This PDF is protected by a password, so its text cannot be read. "
            "Upload a copy without the password."
        ),
        code="encrypted",
    )


def _page_text(page) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return page.extract_text() or ""
    except Exception:  # noqa: BLE001 - one unreadable page is OCR'd instead, never fatal
        return ""


def _has_images(page) -> bool:
    """Whether a page draws a picture (an image XObject, in forms too, or an inline
    image), without decoding any: only such a page can be a scan worth OCR."""
    from pypdf.generic import IndirectObject

    def resolve(value):
        return value.get_object() if isinstance(value, IndirectObject) else value

    try:
        stack = [(resolve(page.get("/Resources")), 0)]
        seen = 0
        while stack:
            resources, depth = stack.pop()
            seen += 1
            if not hasattr(resources, "get") or depth > 8 or seen > 500:
                continue
            xobjects = resolve(resources.get("/XObject"))
            for ref in (xobjects or {}).values() if hasattr(xobjects, "values") else ():
                xobject = resolve(ref)
                subtype = xobject.get("/Subtype") if hasattr(xobject, "get") else None
                if subtype == "/Image":
                    return True
                if subtype == "/Form":
                    stack.append((resolve(xobject.get("/Resources")), depth + 1))
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        return bool(re.search(rb"(?:^|\s)BI\s", data) and re.search(rb"\sID\s", data))
    except Exception:  # noqa: BLE001 - an unreadable page: OCR decides
        return True


def _ocr_dpi(page) -> int:
    """300 dpi, or less for a page so large that 300 dpi passes MAX_OCR_PIXELS."""
    try:
        box = page.mediabox
        width, height = abs(float(box.width)) / 72, abs(float(box.height)) / 72
    except Exception:  # noqa: BLE001 - a broken box: let pdftoppm use its default size
        return OCR_DPI
    if not (math.isfinite(width) and math.isfinite(height)) or width * height <= 0:
        return OCR_DPI
    pixels = width * height * OCR_DPI * OCR_DPI
    if pixels <= MAX_OCR_PIXELS:
        return OCR_DPI
    return max(10, int(OCR_DPI * math.sqrt(MAX_OCR_PIXELS / pixels)))


def _rasterise(source: Path, number: int, dpi: int, *, job: _Job, cwd: str) -> Path | None:
    """Page ``number`` of ``source`` as a greyscale PNG (``cwd``/page.png), or None when
    pdftoppm cannot draw that page (it is skipped: the other pages still count)."""
    args = [pdftoppm_command(), "-r", str(dpi), "-f", str(number), "-l", str(number),
            "-gray", "-png", "-singlefile", str(source), "page"]  # fmt: skip
    try:
        _run(args, deadline=job.deadline, cwd=cwd, tool="pdftoppm", package="poppler-utils")
    except ExtractionError as exc:
        if exc.code != "tool_failed":
            raise
        logger.warning("sidata: pdftoppm could not draw page %s: %s", number, exc)
        return None
    image = Path(cwd, "page.png")
    return image if image.exists() else None


def _text_layers(source: Path, pages: int, *, job: _Job, cwd: str) -> list[str] | None:
    """Every page's text layer at once, by poppler's pdftotext (a typed two-page letter
    in milliseconds, where pypdf takes tens per page); None when pdftotext cannot read
    this file or is missing (pypdf then reads page by page). A timeout is the file's."""
    args = [pdftotext_command(), "-enc", "UTF-8", "-q", str(source), "-"]
    try:
        out = _run(args, deadline=job.deadline, cwd=cwd, tool="pdftotext", package="poppler-utils")
    except ExtractionError as exc:
        if exc.code == "timeout":
            raise
        return None
    texts = out.decode("utf-8", "replace").split("\f")
    return texts[:pages] if len(texts) >= pages else None


def _read_pdf(job: _Job, content: bytes) -> Extracted:
    reader = open_pdf(content)
    pages = len(reader.pages)
    parts: list[str] = []
    text_pages = 0
    with _workdir() as tmp:
        source = Path(tmp, "source.pdf")
        source.write_bytes(content)
        layers = _text_layers(source, pages, job=job, cwd=tmp)
        for number, page in enumerate(reader.pages, start=1):
            job.deadline.check()
            if not job.room():
                break
            text = layers[number - 1] if layers is not None else _page_text(page)
            if _real_text(text) or not _has_images(page):  # nothing there to OCR
                job.add(parts, text)
                text_pages += 1 if text.strip() else 0
                continue
            if not job.may_ocr():
                job.add(parts, text)  # what little it has
                continue
            dpi = _ocr_dpi(page)
            image = _rasterise(source, number, dpi, job=job, cwd=tmp)
            if image is None:
                job.skipped_pages += 1
                job.add(parts, text)
                continue
            job.add(parts, _tesseract(str(image), dpi=dpi, job=job, cwd=tmp))
            image.unlink()
    if job.ocr_pages and text_pages:
        method = PDF_MIXED
    elif job.ocr_pages:
        method = PDF_OCR
    else:
        method = PDF_TEXT
    return job.result(parts, pages, method)


# --- Images -------------------------------------------------------------------------------------

_PIL_FORMATS = {
    uploads.JPEG: "JPEG",
    uploads.PNG: "PNG",
    uploads.WEBP: "WEBP",
    uploads.TIFF: "TIFF",
}


def _too_large_image(width: int, height: int) -> ExtractionError:
    return ExtractionError(
        _("This image is too large to read: %(width)s × %(height)s pixels.")
        % {"width": width, "height": height},
        code="too_large",
    )


def _read_image(job: _Job, content: bytes, content_type: str) -> Extracted:
    fmt = _PIL_FORMATS[content_type]
    parts: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged file's warnings: its errors decide
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[fmt])
            frames = getattr(image, "n_frames", 1) if fmt == "TIFF" else 1
            if not job.ocr:
                return Extracted("", frames, 0, NONE, skipped_pages=frames)
            with _workdir() as tmp:
                for index in range(frames):
                    job.deadline.check()
                    if not job.may_ocr():
                        continue
                    image.seek(index)
                    prepared, dpi = _prepare_frame(image, fmt)
                    path = Path(tmp, "frame.png")
                    prepared.save(path, format="PNG", dpi=(dpi, dpi))
                    del prepared
                    job.add(parts, _tesseract(str(path), dpi=dpi, job=job, cwd=tmp))
                    path.unlink()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ExtractionError(_("This image is too large to read."), code="too_large") from None
    except BROKEN_FILE:
        raise _damaged(content_type) from None
    return job.result(parts, frames, IMAGE_OCR)


def _prepare_frame(image: Image.Image, fmt: str) -> tuple[Image.Image, int]:
    """The current frame, decoded under MAX_OCR_PIXELS (a JPEG is decoded smaller, any
    other too-large frame refused), upright and greyscale, with the dpi to tell Tesseract."""
    width, height = image.size
    if width * height > MAX_OCR_PIXELS:
        if fmt != "JPEG":
            raise _too_large_image(width, height)
        # draft() decodes at 1/2, 1/4 or 1/8 of the size, at least the size asked: asking
        # half of what fits gives a picture that fits
        scale = math.sqrt(MAX_OCR_PIXELS / (width * height)) / 2
        image.draft("L", (max(1, int(width * scale)), max(1, int(height * scale))))
        if image.size[0] * image.size[1] > MAX_OCR_PIXELS:
            raise _too_large_image(width, height)
    dpi = image.info.get("dpi", (0, 0))
    try:
        dpi = int(round(float(dpi[0])))
    except (TypeError, ValueError, IndexError, OverflowError):
        dpi = 0
    if not 70 <= dpi <= 1200:
        dpi = OCR_DPI
    image.load()
    try:
        upright = ImageOps.exif_transpose(image) or image
    except (OSError, SyntaxError, ValueError, KeyError, TypeError, IndexError):
        upright = image
    if upright.mode.startswith(("I", "F")):  # 16/32-bit greyscale
        upright = upright.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        upright = Image.alpha_composite(white, rgba)
    if upright.mode not in ("L", "1"):
        upright = upright.convert("L")
    return upright, dpi


# --- Word processing (DOCX, ODT) --------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # the declared unpacked size of one XML part


def _open_zip(content: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        archive.infolist()
    except BROKEN_FILE:
        raise _damaged(kind) from None
    return archive


def _iter_xml(archive: zipfile.ZipFile, name: str, kind: str, job: _Job):
    """(event, element) pairs of one XML member, parsed in a stream by lxml without
    entities, DTDs or network. Callers free what they have read with ``_drop``."""
    from lxml import etree

    try:
        info = archive.getinfo(name)
    except KeyError:
        return
    if info.file_size > MAX_MEMBER_BYTES or info.flag_bits & 0x1:
        raise _damaged(kind)
    try:
        with archive.open(info) as stream:
            parser = etree.iterparse(
                stream,
                events=("start", "end"),
                resolve_entities=False,
                load_dtd=False,
                no_network=True,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            for count, (event, element) in enumerate(parser):
                if count % 5000 == 0:
                    job.deadline.check()
                yield event, element
    except BROKEN_FILE:
        raise _damaged(kind) from None


def _drop(element) -> None:
    """Free a block that was read: its content and the siblings read before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


_W_INLINE = {
    f"{_W}tab": " ",
    f"{_W}ptab": " ",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
    f"{_W}softHyphen": "",
}
_W_SKIP = {f"{_W}delText", f"{_W}instrText", f"{_W}fldData"}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_inline(element, out: list[str]) -> None:
    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t":
            out.append(node.text or "")
        elif tag in _W_INLINE:
            out.append(_W_INLINE[tag])


def _docx_part(archive, name: str, job: _Job) -> str:
    """A WordprocessingML part's text: a line per paragraph, a tab after each table cell.
    A text box's paragraphs come before the paragraph holding it; Word's fallback copy
    of a drawing (mc:Fallback) is skipped, as its text is the same."""
    out: list[str] = []
    fallback = cells = 0
    size = 0
    for event, element in _iter_xml(archive, name, uploads.DOCX, job):
        tag = element.tag
        if tag == _MC_FALLBACK:
            fallback += 1 if event == "start" else -1
            continue
        if tag == f"{_W}tc":
            cells += 1 if event == "start" else -1
        if event == "start":
            continue
        if tag == f"{_W}p":
            if fallback <= 0:
                before = len(out)
                _docx_inline(element, out)
                size += sum(len(t) for t in out[before:])
                out.append(" " if cells > 0 else "\n")  # a cell's paragraphs: one line
            _drop(element)
        elif tag == f"{_W}tc":
            out.append("\t")
            _drop(element)
        elif tag == f"{_W}tr":
            out.append("\n")
            _drop(element)
        elif tag == f"{_W}tbl":
            _drop(element)
        if size > max_text_chars() * 1.25:
            job.truncated = True
            break
    return "".join(out)


def _natural(name: str):
    return [int(p) if p.isdecimal() else p for p in re.split(r"(\d+)", name)]


def _read_docx(job: _Job, content: bytes) -> Extracted:
    with _open_zip(content, uploads.DOCX) as archive:
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise _damaged(uploads.DOCX)
        headers = sorted(
            (n for n in names if re.fullmatch(r"word/header\d*\.xml", n)), key=_natural
        )
        footers = sorted(
            (n for n in names if re.fullmatch(r"word/footer\d*\.xml", n)), key=_natural
        )
        notes = [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
        parts: list[str] = []
        seen: set[str] = set()
        for name in [*headers, "word/document.xml", *footers, *notes]:
            if not job.room():
                break
            text = _docx_part(archive, name, job).strip()
            if text and text not in seen:  # a header repeated in every section once
                seen.add(text)
                job.add(parts, text)
    return job.result(parts, None, "docx")


_ODF_BLOCKS = frozenset({f"{_TEXT_NS}p", f"{_TEXT_NS}h"})
_ODF_CELLS = frozenset({f"{_TABLE_NS}table-cell", f"{_TABLE_NS}covered-table-cell"})
_ODF_HEADERS = frozenset(
    f"{_STYLE_NS}{name}"
    for name in (
        "header",
        "footer",
        "header-left",
        "footer-left",
        "header-first",
        "footer-first",
    )
)


def _odf_inline(element, out: list[str]) -> None:
    """A paragraph's text: spans and links read through, text:s as its spaces."""
    if element.text:
        out.append(element.text)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            pass
        elif tag == f"{_TEXT_NS}s":
            out.append(" " * min(_repeat(child, f"{_TEXT_NS}c"), 100))
        elif tag == f"{_TEXT_NS}tab":
            out.append(" ")
        elif tag == f"{_TEXT_NS}line-break":
            out.append("\n")
        elif tag == f"{_TEXT_NS}note-citation":
            pass  # a footnote's number, not a word of the sentence
        elif tag not in _ODF_BLOCKS:  # a note's paragraphs were read when they ended
            _odf_inline(child, out)
        if child.tail:
            out.append(child.tail)


def _odf_text(archive, name: str, kind: str, job: _Job, *, only_headers: bool = False) -> str:
    """An ODF XML part's text: a line per paragraph or heading, a tab after each table
    cell; ``only_headers`` keeps only the master pages' headers and footers (styles.xml)."""
    out: list[str] = []
    size = 0
    headers = cells = 0
    for event, element in _iter_xml(archive, name, kind, job):
        tag = element.tag
        if tag in _ODF_HEADERS:
            headers += 1 if event == "start" else -1
            continue
        if tag in _ODF_CELLS:
            cells += 1 if event == "start" else -1
        if event == "start" or (only_headers and headers <= 0):
            continue
        if tag in _ODF_BLOCKS:
            before = len(out)
            _odf_inline(element, out)
            size += sum(len(t) for t in out[before:])
            out.append(" " if cells > 0 else "\n")
            _drop(element)
        elif tag in _ODF_CELLS:
            out.append("\t")
            _drop(element)
        elif tag == f"{_TABLE_NS}table-row":
            out.append("\n")
            _drop(element)
        if size > max_text_chars() * 1.25:
            job.truncated = True
            break
    return "".join(out)


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        return 1


def _read_odt(job: _Job, content: bytes) -> Extracted:
    with _open_zip(content, uploads.ODT) as archive:
        if "content.xml" not in archive.namelist():
            raise _damaged(uploads.ODT)
        parts: list[str] = []
        job.add(parts, _odf_text(archive, "styles.xml", uploads.ODT, job, only_headers=True))
        job.add(parts, _odf_text(archive, "content.xml", uploads.ODT, job))
    return job.result(parts, None, "odt")


# --- Spreadsheets (XLSX, ODS) ---------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if hasattr(value, "isoformat"):  # a date, time or timedelta
        return value.isoformat()
    return str(value)


class _Cells:
    """Counts the cells a spreadsheet reader visits, empty ones too, against the limit."""

    def __init__(self, job: _Job):
        self.job = job
        self.left = max_cells()

    def take(self, count: int) -> bool:
        self.left -= count
        if self.left < 0:
            self.job.truncated = True
            return False
        if self.left % 10_000 < count:
            self.job.deadline.check()
        return True


def _read_xlsx(job: _Job, content: bytes) -> Extracted:
    import openpyxl

    parts: list[str] = []
    cells = _Cells(job)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True, keep_links=False
            )
            try:
                for sheet in book.worksheets:
                    if not job.room() or cells.left <= 0:
                        break
                    lines = [sheet.title]
                    if hasattr(sheet, "reset_dimensions"):
                        sheet.reset_dimensions()  # never trust the declared size: pad nothing
                    for row in sheet.iter_rows(values_only=True):
                        if not cells.take(max(1, len(row))):
                            break
                        line = "\t".join(_cell_text(v) for v in row).rstrip("\t")
                        if line.strip():
                            lines.append(line)
                            job.chars += len(line)
                            if not job.room():
                                break
                    parts.append("\n".join(lines))  # job.chars counted each line
            finally:
                book.close()
    except ExtractionError:
        raise
    except BROKEN_FILE:
        raise _damaged(uploads.XLSX) from None
    return job.result(parts, None, "xlsx")


def _ods_cell(element) -> str:
    out: list[str] = []
    for child in element:
        if child.tag in _ODF_BLOCKS:
            _odf_inline(child, out)
            out.append(" ")
    return " ".join("".join(out).split())


def _read_ods(job: _Job, content: bytes) -> Extracted:
    """Each sheet's name and its rows; repeated cells and rows (number-columns-repeated,
    number-rows-repeated) count as many cells as they claim, empty ones read as nothing."""
    parts: list[str] = []
    cells = _Cells(job)
    with _open_zip(content, uploads.ODS) as archive:
        if "content.xml" not in archive.namelist():
            raise _damaged(uploads.ODS)
        lines: list[str] = []
        row: list[str] = []
        stop = False
        for event, element in _iter_xml(archive, "content.xml", uploads.ODS, job):
            tag = element.tag
            if event == "start":
                if tag == f"{_TABLE_NS}table":
                    if lines:
                        parts.append("\n".join(lines))  # job.chars counted each line
                    lines = [element.get(f"{_TABLE_NS}name", "")]
                    stop = not job.room()
                elif tag == f"{_TABLE_NS}table-row":
                    row = []
            elif tag in _ODF_CELLS:
                repeat = _repeat(element, f"{_TABLE_NS}number-columns-repeated")
                value = _ods_cell(element)
                if value:
                    stop = not cells.take(repeat)
                    row.extend([value] * min(repeat, 1000))
                else:  # an empty cell repeated 16,384 times holds nothing to read
                    stop = not cells.take(1)
                    row.append("")
                _drop(element)
            elif tag == f"{_TABLE_NS}table-row":
                line = "\t".join(row).rstrip("\t")
                if line.strip():
                    repeat = min(_repeat(element, f"{_TABLE_NS}number-rows-repeated"), 1000)
                    if not cells.take(len(row) * (repeat - 1)):
                        stop, repeat = True, 1
                    lines.extend([line] * repeat)
                    job.chars += len(line) * repeat
                    stop = stop or not job.room()
                elif not cells.take(1):
                    stop = True
                _drop(element)
            if stop:
                break
        if lines:
            parts.append("\n".join(lines))
    return job.result(parts, None, "ods")


# --- Plain text and CSV ------------------------------------------------------------------------


def decode_text(content: bytes) -> str:
    """UTF-8 (a BOM allowed), UTF-16 with a BOM, else Windows-1252 (bytes it lacks kept
    as replacement characters, later dropped)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", "replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", "replace")


def _read_text(job: _Job, content: bytes) -> Extracted:
    limit = int(max_text_chars() * 1.25) + 1000
    text = decode_text(content[: limit * 4])
    if len(text) > limit:
        text, job.truncated = text[:limit], True
    return job.result([text], None, "text")


def _read_csv(job: _Job, content: bytes) -> Extracted:
    text = decode_text(content)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    cells = _Cells(job)
    lines: list[str] = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            if not cells.take(max(1, len(row))):
                break
            line = "\t".join(" ".join(v.split()) for v in row).rstrip("\t")
            if line:
                lines.append(line)
                job.chars += len(line)
                if not job.room():
                    break
    except csv.Error:  # a broken quote: read the rest as plain text
        return _read_text(job, content)
    return job.result(["\n".join(lines)], None, "csv")


_READERS = {
    uploads.PDF: _read_pdf,
    uploads.DOCX: _read_docx,
    uploads.ODT: _read_odt,
    uploads.XLSX: _read_xlsx,
    uploads.ODS: _read_ods,
    uploads.TEXT: _read_text,
    uploads.CSV: _read_csv,
    **{kind: functools.partial(_read_image, content_type=kind) for kind in _PIL_FORMATS},
}
