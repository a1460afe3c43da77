"""Background work of Sidata, run by ``s2c worker``. Tasks take ids or nothing, are
idempotent and call services."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from . import background, conf
from .models import DocumentVersion

logger = logging.getLogger("s2c.sidata")

SWEEP_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5


@task()
def extract_version(version_id: int) -> str:
    """Extract one version's text (OCR for scans) and put it in search."""
    return background.extraction_run(version_id=version_id)


@task()
def sweep_extractions() -> int:
    """Queue again the versions still waiting long after upload (a task lost in a crash)."""
    waiting = list(
        DocumentVersion.objects.filter(
            extraction=DocumentVersion.Extraction.PENDING,
            uploaded_at__lt=timezone.now() - SWEEP_AFTER,
            extraction_attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in waiting:
        extract_version.enqueue(pk)
    return len(waiting)


@task()
def scan_integrity() -> dict:
    """Re-hash the stored files, the least recently checked first."""
    report = background.integrity_scan(limit=conf.integrity_batch())
    if report.changed or report.missing:
        logger.warning(
            "sidata integrity: %s changed, %s missing of %s checked",
            report.changed,
            report.missing,
            report.checked,
        )
    return {
        "checked": report.checked,
        "ok": report.ok,
        "changed": report.changed,
        "missing": report.missing,
    }


@task()
def purge_trash() -> int:
    """Remove for good what stayed in the trash past the kept period."""
    return background.trash_purge()
