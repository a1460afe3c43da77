"""``s2c seed`` for Sumsel Gov: demo offices, 45 services of 20 agencies, and monitored
URLs pointing at local demo endpoints (so the status page works offline).

Idempotent and respectful of edits: rows that exist (by code) are left as they are."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from s2c.core import search
from s2c.core.models import Agency, Region

from .content import ServiceContent, apply_content
from .demo import offices as demo_offices
from .demo import services_permits_education as permits_education
from .demo import services_social as social
from .demo import services_vehicles_health as vehicles_health
from .demo._helpers import PERMENPAN
from .demo.english import ENGLISH
from .models import MonitoredEndpoint, Office, Service
from .search_types import _agencies, _offices, _services

MANDATES = {
    "bapenda": "Mengelola pendapatan daerah Provinsi Sumatera Selatan, termasuk pajak kendaraan "
    "bermotor melalui kantor bersama Samsat.",
    "dinkes": "Menyelenggarakan urusan pemerintahan bidang kesehatan: pelayanan kesehatan "
    "rujukan, kesehatan masyarakat dan laboratorium kesehatan daerah.",
    "dpmptsp": "Melayani perizinan berusaha dan nonberusaha kewenangan provinsi dalam satu "
    "pintu, serta promosi penanaman modal.",
    "disdik": "Menyelenggarakan pendidikan menengah (SMA, SMK) dan pendidikan khusus (SLB).",
    "dinsos": "Menyelenggarakan rehabilitasi, perlindungan dan jaminan sosial.",
    "bpbd": "Mengoordinasikan pencegahan, tanggap darurat dan pemulihan bencana.",
}


def _complaint_channel(agency: Agency) -> str:
    phone = f", telepon {agency.phone}" if agency.phone else ""
    return (
        f"Sumsel Care (menu Lapor di S2C){phone}, kotak saran di loket {agency.short_name}, "
        "atau langsung kepada petugas pengaduan."
    )


def _all_services() -> list[dict]:
    return (
        vehicles_health.SERVICES
        + vehicles_health.HEALTH
        + permits_education.PERMITS
        + permits_education.EDUCATION
        + social.SERVICES
    )


def _online_url(name: str) -> str:
    return f"{settings.SITE_URL}/demo/layanan-online/{name}/"


def seed_offices(agencies: dict[str, Agency]) -> int:
    regions = {r.code: r for r in Region.objects.all()}
    created = 0
    for code, agency_code, name, address, region, lat, lon, hours, phone in demo_offices.OFFICES:
        agency = agencies.get(agency_code)
        if agency is None:
            continue
        _office, was_created = Office.objects.get_or_create(
            code=code,
            defaults={
                "agency": agency,
                "name": name,
                "address": address,
                "region": regions.get(region),
                "latitude": Decimal(str(lat)),
                "longitude": Decimal(str(lon)),
                "hours": hours,
                "phone": phone,
            },
        )
        created += was_created
    return created


def seed_profiles(agencies: dict[str, Agency]) -> None:
    """Fill blank profile fields of demo agencies from their main office."""
    for agency in agencies.values():
        office = Office.objects.filter(agency=agency).order_by("id").first()
        changed = []
        if not agency.mandate and agency.code in MANDATES:
            agency.mandate, changed = MANDATES[agency.code], [*changed, "mandate"]
        if office is not None:
            if not agency.address:
                agency.address, changed = office.address, [*changed, "address"]
            if not agency.phone:
                agency.phone, changed = office.phone, [*changed, "phone"]
            if agency.latitude is None:
                agency.latitude, agency.longitude = office.latitude, office.longitude
                changed += ["latitude", "longitude"]
        if changed:
            agency.save(update_fields=[*changed, "updated_at"])


def seed_services(agencies: dict[str, Agency]) -> tuple[int, list[str]]:
    created, skipped = 0, []
    existing = set(Service.objects.values_list("code", flat=True))
    now = timezone.now()
    for item in _all_services():
        agency = agencies.get(item["agency"])
        if agency is None:
            skipped.append(item["code"])
            continue
        if item["code"] in existing:
            continue
        data = dict(item["content"])
        data["name_en"], data["summary_en"] = ENGLISH.get(item["code"], ("", ""))
        # Still also search keywords: with the English words in the title as well, core
        # search ranks services whose titles hold the same words by its engine's score,
        # which the keywords' English decides (e.g. "vehicle tax": the annual STNK
        # renewal before the mobile Samsat, s2c/tests/test_search_questions.py).
        english = " ".join(p for p in (data["name_en"], data["summary_en"]) if p)
        data["keywords"] = " ".join(p for p in (data["keywords"], english) if p)
        data["complaint_channel"] = _complaint_channel(agency)
        data["legal_basis"] = data["legal_basis"] + "\n" + PERMENPAN
        data["offices"] = list(
            Office.objects.filter(code__in=data["offices"], agency=agency).values_list(
                "code", flat=True
            )
        )
        if item["online"]:
            data["online_url"] = _online_url(item["online"])
        content = ServiceContent.from_dict(data)
        service = Service.objects.create(
            code=item["code"],
            agency=agency,
            name=content.name,
            status=Service.Status.PUBLISHED,
            published_at=now,
            view_count=item["views"],
        )
        apply_content(service, content)
        if item["online"]:
            MonitoredEndpoint.objects.get_or_create(
                agency=agency,
                url=content.online_url,
                defaults={
                    "name": content.name[:200],
                    "service": service,
                    "kind": MonitoredEndpoint.Kind.ONLINE_SERVICE,
                },
            )
        created += 1
    return created, skipped


def seed_endpoints(agencies: dict[str, Agency]) -> None:
    site = settings.SITE_URL
    wanted = [
        ("diskominfo", "Portal S2C (healthz)", f"{site}/healthz", MonitoredEndpoint.Kind.API),
        ("diskominfo", "Portal S2C", f"{site}/", MonitoredEndpoint.Kind.WEBSITE),
        (
            "bapenda",
            "Situs web Bapenda (demo)",
            _online_url("situs-bapenda"),
            MonitoredEndpoint.Kind.WEBSITE,
        ),
        (
            "dinkes",
            "Situs web Dinas Kesehatan (demo)",
            _online_url("situs-dinkes"),
            MonitoredEndpoint.Kind.WEBSITE,
        ),
        (
            "dishub",
            "Sistem informasi angkutan (demo, sedang gangguan)",
            _online_url("gangguan"),
            MonitoredEndpoint.Kind.ONLINE_SERVICE,
        ),
    ]
    for agency_code, name, url, kind in wanted:
        agency = agencies.get(agency_code)
        if agency is not None:
            MonitoredEndpoint.objects.get_or_create(
                agency=agency, url=url, defaults={"name": name, "kind": kind}
            )


def seed_demo(*, stdout) -> None:
    codes = {i["agency"] for i in _all_services()} | {o[1] for o in demo_offices.OFFICES}
    codes |= {"diskominfo"}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    with transaction.atomic():
        offices = seed_offices(agencies)
        seed_profiles(agencies)
        created, skipped = seed_services(agencies)
        seed_endpoints(agencies)
    stdout.write(
        f"Sumsel Gov: {created} services and {offices} offices added "
        f"({Service.objects.filter(status='published').count()} published in all).\n"
    )
    if skipped:
        stdout.write(
            "  Skipped (agency missing; run core's seed first): " + ", ".join(skipped) + "\n"
        )
    _reindex()


def _reindex() -> None:
    search.index_many(_services())
    search.index_many(_offices())
    search.index_many(_agencies())
