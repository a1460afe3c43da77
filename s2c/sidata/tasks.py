"""Background work of Sidata, run by ``s2c worker``. Tasks take ids or nothing, are
idempotent and call services."""

from __future__ import annotations

import logging

from django_tasks import task

from . import services

logger = logging.getLogger("s2c.sidata")


@task()
def extract_version(version_id: int) -> str:
    """Extract one version's text (OCR for scans) and put it in search."""
    return services.extraction_run(version_id=version_id)


@task()
def sweep_extractions() -> int:
    """Queue again the versions a lost task left waiting."""
    return services.extraction_sweep()


@task()
def scan_integrity() -> dict:
    """Re-hash the stored files, the least recently checked first."""
    report = services.integrity_scan(limit=services.integrity_batch())
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
    return services.trash_purge()
