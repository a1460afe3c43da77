"""Sidata's settings, read where they are used (docs/sidata.md lists them)."""

from __future__ import annotations

from django.conf import settings

from s2c.core import uploads


def archive_policy() -> uploads.UploadPolicy:
    """What the archive accepts: documents, spreadsheets, text and scans, kept byte for
    byte (``S2C_SIDATA_MAX_UPLOAD_BYTES``, 100 MB by default, within the site limit)."""
    limit = int(getattr(settings, "S2C_SIDATA_MAX_UPLOAD_BYTES", 100 * uploads.MB))
    return uploads.ARCHIVE.replace(max_bytes=limit)


def trash_days() -> int:
    return int(getattr(settings, "S2C_SIDATA_TRASH_DAYS", 30))


def integrity_batch() -> int:
    """How many files one run of the periodic integrity scan re-hashes (every file is
    checked in turn, the least recently checked first)."""
    return int(getattr(settings, "S2C_SIDATA_INTEGRITY_BATCH", 5000))
