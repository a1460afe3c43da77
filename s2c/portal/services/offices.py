"""Writes to agencies' offices (where services are delivered)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from s2c.core import audit
from s2c.core.errors import ApplicationError, Conflict
from s2c.core.models import Agency, Region

from ..indexing import reindex_service_on_commit
from ..models import Office, Service
from ..pagecache import bump_on_commit
from ._common import require_manage


@dataclass
class OfficeData:
    name: str
    address: str
    region_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    hours: str = ""
    phone: str = ""


def _apply(office: Office, data: OfficeData) -> None:
    errors: dict[str, list[str]] = {}
    region = None
    if data.region_code:
        region = Region.objects.filter(code=data.region_code).first()
        if region is None:
            errors["region"] = [_("Unknown region code %(code)s.") % {"code": data.region_code}]
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    office.name = data.name.strip()
    office.address = data.address.strip()
    office.region = region
    office.latitude = data.latitude
    office.longitude = data.longitude
    office.hours = data.hours.strip()
    office.phone = data.phone.strip()
    try:
        office.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), extra={"fields": errors})
    office.save()


@transaction.atomic
def office_create(*, by, agency: Agency, data: OfficeData, code: str = "") -> Office:
    require_manage(by=by, agency_id=agency.pk)
    code = slugify(code or f"{agency.code}-{data.name}")[:80]
    if Office.objects.filter(code=code).exists():
        raise Conflict(_("The office code %(code)s is already taken.") % {"code": code})
    office = Office(agency=agency, code=code)
    _apply(office, data)
    audit.record(actor=by, action="portal.office.create", obj=office, after=audit.snapshot(office))
    return office


def _published_service_ids(office: Office) -> list[int]:
    return list(
        Service.objects.filter(offices=office, status=Service.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def office_update(*, by, office: Office, data: OfficeData) -> Office:
    office = Office.objects.select_for_update().get(pk=office.pk)
    require_manage(by=by, agency_id=office.agency_id)
    before = audit.snapshot(office)
    _apply(office, data)
    audit.record(
        actor=by,
        action="portal.office.update",
        obj=office,
        before=before,
        after=audit.snapshot(office),
    )
    _reindex_services(office)
    return office


@transaction.atomic
def office_set_active(*, by, office: Office, active: bool) -> Office:
    """Close (or reopen) an office; a closed office disappears from service pages."""
    office = Office.objects.select_for_update().get(pk=office.pk)
    require_manage(by=by, agency_id=office.agency_id)
    if office.is_active == active:
        return office
    office.is_active = active
    office.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=by,
        action="portal.office.reopen" if active else "portal.office.close",
        obj=office,
        before={"is_active": not active},
        after={"is_active": active},
    )
    _reindex_services(office)
    return office


def _reindex_services(office: Office) -> None:
    bump_on_commit()
    for service_id in _published_service_ids(office):
        reindex_service_on_commit(service_id)
