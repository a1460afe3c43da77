"""Loading the catalogue from the spreadsheets agencies already keep.

All or nothing: every row is checked and applied inside one transaction through the same
services as the staff pages (so the publication workflow applies); if any row is wrong,
nothing is stored and the report lists every bad row. Rows are matched by service code, so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from s2c.core import permissions
from s2c.core.errors import ApplicationError, PermissionDenied
from s2c.core.models import Agency

from .. import tabular
from ..content import SCALAR_FIELDS, ServiceContent, content_of, parse_rupiah
from ..models import Service
from .catalogue import service_create, service_update


@dataclass(frozen=True)
class RowError:
    row: int
    code: str
    message: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)  # pending approval
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stored(self) -> bool:
        return self.ok and not self.dry_run


def _message(exc: ApplicationError) -> str:
    fields = exc.extra.get("fields") if exc.extra else None
    if fields:
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in fields.items()
        )
    return str(exc.message)


def _content_from_row(values: dict[str, str], base: ServiceContent) -> ServiceContent:
    data = base.to_dict()
    for key, value in values.items():
        if key in tabular.LIST_LINES:
            data[key] = tabular.split_lines(value)
        elif key in tabular.LIST_CODES:
            data[key] = tabular.split_codes(value)
        elif key == "is_free":
            parsed = tabular.parse_bool(value)
            if parsed is None:
                raise ApplicationError(_("is_free: write yes or no (ya or tidak)."))
            data[key] = parsed
        elif key == "cost_amount":
            try:
                data[key] = parse_rupiah(value)
            except ValueError as exc:
                raise ApplicationError(f"cost_amount: {exc}") from exc
        elif key == "processing_time_value":
            if value and not value.isdigit():
                raise ApplicationError(_("processing_time_value: write a whole number, e.g. 3."))
            data[key] = int(value) if value else None
        elif key in SCALAR_FIELDS:
            data[key] = value
    return ServiceContent.from_dict(data)


def _import_row(by, number: int, values: dict[str, str], agencies: dict, report) -> None:
    code = values.get("code", "")
    agency = agencies.get(values.get("agency", ""))
    if agency is None:
        raise ApplicationError(
            _("Unknown agency code %(code)s.") % {"code": values.get("agency", "")}
        )
    if not permissions.can_manage_agency(by, agency):
        raise PermissionDenied(
            _("You may not change the services of %(agency)s.") % {"agency": agency.short_name}
        )
    existing = Service.objects.filter(code=code).first()
    if existing is None:
        content = _content_from_row(values, ServiceContent())
        service_create(by=by, agency=agency, content=content, code=code)
        report.created.append(code)
        return
    if existing.agency_id != agency.pk:
        raise ApplicationError(
            _("The code %(code)s belongs to a service of another agency.") % {"code": code}
        )
    content = _content_from_row(values, content_of(existing))
    try:
        _service, revision = service_update(by=by, service=existing, content=content)
    except ApplicationError as exc:
        if exc.code == "no_change":
            report.unchanged.append(code)
            return
        raise
    (report.proposed if revision is not None else report.updated).append(code)


def catalogue_import(*, by, name: str, data: bytes, dry_run: bool = False) -> ImportReport:
    """Import a CSV or XLSX file of services. Raises ``ApplicationError`` when the file
    itself cannot be read; otherwise returns a report (with ``errors`` per row)."""
    if not permissions.is_staff_member(by) or not (
        permissions.is_province_admin(by) or permissions.agency_ids(by, {permissions.AGENCY_ADMIN})
    ):
        raise PermissionDenied(_("Only agency administrators may import services."))
    sheet = tabular.read(name, data)
    report = ImportReport(dry_run=dry_run)
    if not sheet.rows:
        raise ApplicationError(_("The file has no services under its header row."))
    agencies = {
        a.code: a
        for a in Agency.objects.filter(code__in={v.get("agency", "") for _n, v in sheet.rows})
    }
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, values in sheet.rows:
            code = values.get("code", "")
            if not code:
                report.errors.append(RowError(number, "", _("The code is empty.")))
                continue
            if code in seen:
                report.errors.append(
                    RowError(
                        number,
                        code,
                        _("The code is already used on row %(row)d.") % {"row": seen[code]},
                    )
                )
                continue
            seen[code] = number
            try:
                with transaction.atomic():
                    _import_row(by, number, values, agencies, report)
            except ApplicationError as exc:
                report.errors.append(RowError(number, code, _message(exc)))
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report
