"""Sidata's background work, run by the worker's tasks (``tasks.py``): reading a version's
text, the integrity scan of the stored files, and emptying the trash. Idempotent, each
safe to run twice or to stop half-way."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from s2c.core import audit, search

from . import conf
from .models import Document, DocumentVersion

logger = logging.getLogger("s2c.sidata")


def extraction_run(*, version_id: int) -> str:
    """Extract the text of one version (OCR for scans); 'done', 'failed', 'skipped'.
    Idempotent: a version already done or gone is skipped. The slow part runs outside
    any transaction; the result is written only if the version still waits for it."""
    from . import extraction

    version = DocumentVersion.objects.filter(
        pk=version_id, extraction=DocumentVersion.Extraction.PENDING
    ).first()
    if version is None:
        return "skipped"
    DocumentVersion.objects.filter(pk=version.pk).update(
        extraction_attempts=F("extraction_attempts") + 1
    )
    try:
        with default_storage.open(version.file, "rb") as handle:
            content = handle.read()
        found = extraction.extract(content, version.content_type)
    except (extraction.ExtractionError, OSError) as exc:
        message = str(exc) or exc.__class__.__name__
        DocumentVersion.objects.filter(
            pk=version.pk, extraction=DocumentVersion.Extraction.PENDING
        ).update(
            extraction=DocumentVersion.Extraction.FAILED,
            extraction_error=message[:2000],
            extracted_at=timezone.now(),
        )
        logger.warning("sidata: extraction of version %s failed: %s", version.pk, message)
        return "failed"
    with transaction.atomic():
        updated = DocumentVersion.objects.filter(
            pk=version.pk, extraction=DocumentVersion.Extraction.PENDING
        ).update(
            extraction=DocumentVersion.Extraction.DONE,
            extraction_error="",
            text=found.text,
            pages=found.pages,
            ocr_pages=found.ocr_pages,
            extracted_at=timezone.now(),
        )
        if updated:
            document = Document.objects.get(pk=version.document_id)
            if document.current_id == version.pk:
                search.index(document)
    return "done" if updated else "skipped"


def trash_purge(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Remove for good what has been in the trash longer than the kept period (never a
    held document): its files, versions and row; the audit log keeps the record."""
    now = now or timezone.now()
    due = Document.objects.filter(
        trashed_at__lt=now - dt.timedelta(days=conf.trash_days()), legal_hold=False
    ).order_by("trashed_at")[:limit]
    purged = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            document = (
                Document.objects.select_for_update()
                .filter(pk=pk, legal_hold=False, trashed_at__isnull=False)
                .first()
            )
            if document is None:
                continue
            files = list(document.versions.values_list("file", "sha256"))
            audit.record(
                actor=None,
                action="sidata.document.purge",
                obj=document,
                after={"versions": [sha for _, sha in files]},
                only_changes=False,
            )
            search.unindex(document)
            document.delete()
            transaction.on_commit(lambda files=files: _delete_files(f for f, _ in files))
        purged += 1
    return purged


def _delete_files(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone: the integrity scan said so
            logger.warning("sidata: could not delete %s", name)


@dataclass
class IntegrityReport:
    checked: int = 0
    ok: int = 0
    changed: int = 0
    missing: int = 0


def integrity_scan(*, limit: int | None = None, now: dt.datetime | None = None) -> IntegrityReport:
    """Hash every stored version again (the least recently checked first) and record
    whether its file is intact, changed or missing. A change found is in the audit log."""
    now = now or timezone.now()
    report = IntegrityReport()
    versions = DocumentVersion.objects.order_by(F("checked_at").asc(nulls_first=True), "pk")
    if limit:
        versions = versions[:limit]
    for version in versions.only("pk", "file", "sha256", "integrity", "document_id").iterator():
        state = _integrity_of(version)
        report.checked += 1
        setattr(report, state, getattr(report, state) + 1)
        DocumentVersion.objects.filter(pk=version.pk).update(integrity=state, checked_at=now)
        if state != DocumentVersion.Integrity.OK and version.integrity != state:
            audit.record(
                actor=None,
                action=f"sidata.version.{state}",
                object_type="sidata.documentversion",
                object_id=version.pk,
                object_repr=version.file[:300],
                agency=Document.objects.filter(pk=version.document_id)
                .values_list("agency_id", flat=True)
                .first(),
                after={"sha256": version.sha256},
                only_changes=False,
            )
    return report


def _integrity_of(version: DocumentVersion) -> str:
    digest = hashlib.sha256()
    try:
        with default_storage.open(version.file, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return DocumentVersion.Integrity.MISSING
    if digest.hexdigest() != version.sha256:
        return DocumentVersion.Integrity.CHANGED
    return DocumentVersion.Integrity.OK
