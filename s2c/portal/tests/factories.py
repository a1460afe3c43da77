"""Factory functions for the portal's data (see s2c/core/tests/factories.py for people)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.utils import timezone

from s2c.core.tests import factories as core_factories

from ..content import ServiceContent, apply_content
from ..models import LifeEvent, MonitoredEndpoint, Office, Service

_seq = itertools.count(1)


def make_office(agency=None, *, code: str | None = None, **extra) -> Office:
    n = next(_seq)
    agency = agency or core_factories.make_agency()
    defaults = {
        "name": f"Kantor Pelayanan {n}",
        "address": f"Jl. Contoh No. {n}, Palembang",
        "hours": "Senin–Jumat 08.00–15.00",
        "latitude": Decimal("-2.990000"),
        "longitude": Decimal("104.756000"),
    }
    defaults.update(extra)
    return Office.objects.create(agency=agency, code=code or f"kantor-{n}", **defaults)


def complete_content(**overrides) -> ServiceContent:
    """A Standar Pelayanan with every component filled in."""
    n = next(_seq)
    data = {
        "name": f"Layanan Contoh {n}",
        "summary": "Ringkasan layanan contoh.",
        "description": "Uraian layanan contoh.",
        "target_users": "Warga Sumatera Selatan",
        "processing_time_value": 1,
        "processing_time_unit": "working_days",
        "is_free": True,
        "product": "Surat keterangan",
        "legal_basis": "Peraturan Gubernur Contoh",
        "complaint_channel": "Sumsel Care, telepon 0711-000000",
        "online_url": "",
        "requirements": ["KTP asli", "Formulir permohonan"],
        "steps": ["Datang ke loket", "Serahkan berkas", "Terima produk"],
        "life_events": [],
        "offices": [],
    }
    data.update(overrides)
    return ServiceContent.from_dict(data)


def make_service(
    agency=None,
    *,
    code: str | None = None,
    status: str = Service.Status.PUBLISHED,
    office: Office | None | bool = True,
    **content_overrides,
) -> Service:
    """A service with a complete Standar Pelayanan, published unless told otherwise; with
    an office of its agency unless ``office=False`` (or the given office)."""
    n = next(_seq)
    agency = agency or core_factories.make_agency()
    if office is True:
        office = make_office(agency)
    if office and "offices" not in content_overrides:
        content_overrides["offices"] = [office.code]
    content = complete_content(**content_overrides)
    service = Service.objects.create(
        agency=agency,
        code=code or f"layanan-{n}",
        name=content.name,
        status=status,
        published_at=timezone.now() if status == Service.Status.PUBLISHED else None,
    )
    apply_content(service, content)
    return service


def life_event(code: str = "kendaraan-pajak") -> LifeEvent:
    return LifeEvent.objects.get(code=code)


def make_endpoint(agency=None, *, url: str = "http://127.0.0.1:9/", **extra) -> MonitoredEndpoint:
    n = next(_seq)
    agency = agency or core_factories.make_agency()
    extra.setdefault("name", f"Situs {n}")
    return MonitoredEndpoint.objects.create(agency=agency, url=url, **extra)
