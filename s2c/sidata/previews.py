"""Pictures of archive files: a thumbnail for lists and a page image for the viewer.

    png = previews.thumbnail(content, uploads.PDF)          # first page, 320 px wide
    png = previews.page_image(content, 3, width=1000)        # page 3 of a PDF
    previews.page_count(content, uploads.TIFF)               # 12

PDF pages are rendered by ``pdftoppm`` (Debian's poppler-utils) in a temporary directory
removed afterwards, with a timeout; images (JPEG, PNG, WebP, and each page of a TIFF) by
Pillow, decoded under a pixel limit, turned upright by their EXIF orientation, alpha laid
on white, RGB. Every answer is a PNG no wider than asked and at most four times as tall.

Word processing and spreadsheet files (DOCX, XLSX, ODT, ODS), CSV and plain text have no
picture: ``PreviewError`` with code ``no_preview`` is the clean answer, which the caller
shows as the file kind's icon. Any other failure (a damaged file, a page that does not
exist, a bad width, a password) is a ``PreviewError`` with its own code and a message in
the active language.
"""

from __future__ import annotations

import io
import math
import os
import subprocess
import tempfile
import warnings
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from s2c.core import uploads
from s2c.core.errors import ApplicationError

from .extraction import BROKEN_FILE, ExtractionError, open_pdf, pdftoppm_command

__all__ = ["PreviewError", "page_count", "page_image", "thumbnail"]

MIN_WIDTH, MAX_WIDTH = 16, 2400
MAX_PIXELS = 50_000_000  # a larger image is refused (a JPEG is decoded smaller instead)
_PIL_FORMATS = {
    uploads.JPEG: "JPEG",
    uploads.PNG: "PNG",
    uploads.WEBP: "WEBP",
    uploads.TIFF: "TIFF",
}


class PreviewError(ApplicationError):
    """No picture of this file: ``no_preview`` (a kind without one: show an icon),
    ``damaged``, ``encrypted``, ``bad_page``, ``bad_width``, ``too_large``,
    ``tool_missing``, ``tool_failed`` or ``timeout``."""

    status_code = 422
    code = "preview_failed"


def timeout_seconds() -> float:
    return float(getattr(settings, "S2C_SIDATA_PREVIEW_TIMEOUT", 60))


def _damaged(kind: str) -> PreviewError:
    return PreviewError(
        _("This %(kind)s is damaged or incomplete; no picture of it can be made.")
        % {"kind": uploads.label(kind)},
        code="damaged",
    )


def _no_preview(kind: str) -> PreviewError:
    return PreviewError(
        _("There is no picture of this kind of file: %(kind)s.") % {"kind": uploads.label(kind)},
        code="no_preview",
    )


def _check_width(width) -> int:
    if isinstance(width, bool) or not isinstance(width, int | float):
        raise PreviewError(_("The width must be a whole number of pixels."), code="bad_width")
    if not math.isfinite(width) or width != int(width) or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise PreviewError(
            _("The width must be a whole number from %(min)s to %(max)s pixels.")
            % {"min": MIN_WIDTH, "max": MAX_WIDTH},
            code="bad_width",
        )
    return int(width)


def _check_page(page, count: int) -> int:
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= count:
        raise PreviewError(
            _("There is no page %(page)s; this file has %(count)s.")
            % {"page": str(page)[:20], "count": count},
            code="bad_page",
        )
    return page


def thumbnail(content: bytes, content_type: str, *, page: int = 1, width: int = 320) -> bytes:
    """A PNG of ``page`` (the first by default) of a PDF, TIFF or other image, ``width``
    pixels wide (less for a smaller image: never enlarged). DOCX, XLSX, ODT, ODS, CSV and
    text have no thumbnail: ``PreviewError`` (code ``no_preview``), shown as an icon."""
    width = _check_width(width)
    if content_type not in _PIL_FORMATS and content_type != uploads.PDF:
        raise _no_preview(content_type)
    try:
        if content_type == uploads.PDF:
            return _pdf_page(content, page, width)
        return _image_page(content, content_type, page, width)
    except PreviewError:
        raise
    except BROKEN_FILE:
        raise _damaged(content_type) from None


def page_image(
    content: bytes, page: int, width: int = 1000, *, content_type: str = uploads.PDF
) -> bytes:
    """A PNG of one page for the viewer (a PDF's by default, or a TIFF's), ``width``
    pixels wide; ``page`` counts from 1 and must be at most ``page_count``."""
    return thumbnail(content, content_type, page=page, width=width)


def page_count(content: bytes, content_type: str) -> int:
    """How many pages a PDF or TIFF has (1 for other images)."""
    try:
        if content_type == uploads.PDF:
            return len(_open_pdf(content).pages)
        if content_type in _PIL_FORMATS:
            with _open_image(content, content_type) as image:
                return _frames(image, content_type)
    except PreviewError:
        raise
    except BROKEN_FILE:
        raise _damaged(content_type) from None
    raise _no_preview(content_type)


def _frames(image: Image.Image, content_type: str) -> int:
    return int(getattr(image, "n_frames", 1)) if content_type == uploads.TIFF else 1


# --- PDF ------------------------------------------------------------------------------------


def _open_pdf(content: bytes):
    try:
        return open_pdf(content, error=_damaged)
    except ExtractionError as exc:  # encrypted
        raise PreviewError(exc.message, code=exc.code) from None


def _target_size(box_width: float, box_height: float, width: int) -> tuple[int, int]:
    """The picture's size for a page of ``box_width`` × ``box_height``: ``width`` wide, at
    most four times as tall (a very tall page is narrowed instead)."""
    if (
        not (math.isfinite(box_width) and math.isfinite(box_height))
        or min(box_width, box_height) <= 0
    ):
        return width, int(width * math.sqrt(2))
    height = width * box_height / box_width
    if height > 4 * width:
        return max(1, int(4 * width * box_width / box_height)), 4 * width
    return width, max(1, round(height))


def _pdf_page(content: bytes, page: int, width: int) -> bytes:
    reader = _open_pdf(content)
    page = _check_page(page, len(reader.pages))
    try:
        pdf_page = reader.pages[page - 1]
        box = pdf_page.cropbox
        box_width, box_height = abs(float(box.width)), abs(float(box.height))
        if int(pdf_page.get("/Rotate", 0) or 0) % 180:
            box_width, box_height = box_height, box_width
    except Exception:  # noqa: BLE001 - a broken box: assume a portrait page
        box_width = box_height = float("nan")
    target_width, target_height = _target_size(box_width, box_height, width)
    with tempfile.TemporaryDirectory(prefix="s2c-sidata-") as tmp:
        source = Path(tmp, "source.pdf")
        source.write_bytes(content)
        args = [
            pdftoppm_command(),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            "-scale-to-x",
            str(target_width),
            "-scale-to-y",
            str(target_height),
            str(source),
            "page",
        ]
        _run(args, cwd=tmp)
        out = Path(tmp, "page.png")
        if not out.exists():
            raise PreviewError(
                _("The tool %(tool)s failed: %(error)s")
                % {"tool": "pdftoppm", "error": f"no image for page {page}"},
                code="tool_failed",
            )
        return out.read_bytes()


def _run(args: list[str], *, cwd: str) -> None:
    timeout = timeout_seconds()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": cwd, "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise PreviewError(
            _(
                "The tool %(tool)s is not installed on this server. Ask the operator to "
                "install the Debian package %(package)s."
            )
            % {"tool": "pdftoppm", "package": "poppler-utils"},
            code="tool_missing",
        ) from None
    except subprocess.TimeoutExpired:
        raise PreviewError(
            _("Drawing the page took longer than %(seconds)s seconds and was stopped.")
            % {"seconds": f"{timeout:g}"},
            code="timeout",
        ) from None
    except OSError as exc:
        raise PreviewError(
            _("The tool %(tool)s could not be started: %(error)s")
            % {"tool": "pdftoppm", "error": exc.strerror or exc},
            code="tool_failed",
        ) from None
    if done.returncode != 0:
        raise _damaged(uploads.PDF)


# --- Images ------------------------------------------------------------------------------------


def _open_image(content: bytes, content_type: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged file's warnings: its errors decide
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(content), formats=[_PIL_FORMATS[content_type]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except BROKEN_FILE:
        raise _damaged(content_type) from None


def _too_large() -> PreviewError:
    return PreviewError(_("This image is too large to draw."), code="too_large")


def _image_page(content: bytes, content_type: str, page: int, width: int) -> bytes:
    with _open_image(content, content_type) as image:
        _check_page(page, _frames(image, content_type))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a damaged file's warnings: its errors decide
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.seek(page - 1)
                full_width, full_height = image.size
                if full_width * full_height > MAX_PIXELS:
                    if content_type != uploads.JPEG:
                        raise _too_large()
                    image.draft("RGB", (width, width))  # decoded at 1/2, 1/4 or 1/8 size
                    if image.size[0] * image.size[1] > MAX_PIXELS:
                        raise _too_large()
                image.load()
                upright = _upright(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large() from None
        except BROKEN_FILE:
            raise _damaged(content_type) from None
    target = _target_size(upright.width, upright.height, min(width, upright.width))
    if upright.size != target:
        upright = upright.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    upright.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _upright(image: Image.Image) -> Image.Image:
    """The frame turned by its EXIF orientation, alpha laid on white, in RGB."""
    try:
        image = ImageOps.exif_transpose(image) or image
    except (OSError, SyntaxError, ValueError, KeyError, TypeError, IndexError):
        pass
    if image.mode.startswith(("I", "F")):  # 16/32-bit greyscale: to 8 bits
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
