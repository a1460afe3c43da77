"""The catalogue as a CSV or XLSX file, in the layout the import reads back."""

from __future__ import annotations

from django.utils import timezone

from . import tabular
from .models import Service
from .selectors import services_for_staff

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
        "status": service.status,
    }
    out = []
    for key in tabular.COLUMN_KEYS + tabular.EXPORT_ONLY:
        out.append(values[key] if key in values else str(getattr(service, key) or ""))
    return out


def catalogue_export(*, user, fmt: str, status: str = "") -> tuple[bytes, str, str]:
    """(file bytes, content type, file name) of the services the user works on."""
    qs = services_for_staff(user=user, status=status).prefetch_related(
        "requirements", "steps", "life_events", "offices"
    )
    rows = [_row(s) for s in qs.iterator(chunk_size=500)]
    headers = tabular.COLUMN_KEYS + tabular.EXPORT_ONLY
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        data = tabular.write_xlsx(headers, rows)
    else:
        fmt, data = "csv", tabular.write_csv(headers, rows)
    return data, FORMATS[fmt], f"katalog-layanan-{stamp}.{fmt}"
