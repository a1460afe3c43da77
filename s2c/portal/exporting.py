"""The catalogue as a CSV or XLSX file, in the layout the import reads back."""

from __future__ import annotations

from django.utils import timezone

from s2c.core import tabular as core_tabular

from . import tabular
from .models import Service
from .selectors import services_for_staff


def _row(service: Service) -> list[str]:
    values = {
        "code": service.code,
        "agency": service.agency.code,
        "requirements": "\n".join(r.text for r in service.requirements.all()),
        "steps": "\n".join(s.text for s in service.steps.all()),
        "life_events": ";".join(sorted(e.code for e in service.life_events.all())),
        "offices": ";".join(sorted(o.code for o in service.offices.all())),
        "is_free": "yes" if service.is_free else "no",
        "processing_time_value": (
            "" if service.processing_time_value is None else str(service.processing_time_value)
        ),
        "cost_amount": "" if service.cost_amount is None else str(service.cost_amount),
        "status": service.status,
    }
    out = []
    for key in tabular.COLUMN_KEYS + tabular.EXPORT_ONLY:
        out.append(values[key] if key in values else str(getattr(service, key) or ""))
    return out


def catalogue_table(*, user, status: str = "") -> core_tabular.Table:
    """The services the user works on, read in chunks as the file is written."""
    qs = services_for_staff(user=user, status=status).prefetch_related(
        "requirements", "steps", "life_events", "offices"
    )
    return core_tabular.Table(
        headers=tabular.COLUMN_KEYS + tabular.EXPORT_ONLY,
        rows=(_row(s) for s in qs.iterator(chunk_size=500)),
        sheet="services",
    )


def catalogue_filename(fmt: str) -> str:
    return f"katalog-layanan-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def catalogue_export(*, user, fmt: str, status: str = "") -> tuple[bytes, str, str]:
    """(file bytes, content type, file name); the staff page streams the same table."""
    fmt = fmt if fmt in core_tabular.CONTENT_TYPES else "csv"
    data = core_tabular.to_bytes(catalogue_table(user=user, status=status), fmt)
    return data, core_tabular.CONTENT_TYPES[fmt], catalogue_filename(fmt)
