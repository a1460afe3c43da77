"""``s2c seed``: the province's reference data (17 kabupaten/kota, the provincial agencies)
from ``s2c/core/data``, demo staff accounts, then every service's registered seeder.

Idempotent: regions are updated from the data; agencies and users are created when
missing and otherwise left as the province edited them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from . import audit, registry, search
from .models import Agency, Membership, Region, User
from .search import engine as search_engine

DATA_DIR = Path(__file__).resolve().parent / "data"

# Documented in docs/operations.md; only ever set on demo accounts.
DEMO_PASSWORD = "sumsel-demo-2025"

# Website domains the data confirms (data/README.md); others are left for the province.
WEBSITES = {"diskominfo": "kominfo.sumselprov.go.id"}

_NOTE = re.compile(r"^(?P<name>.*?)\s*\((?P<note>[^()]*)\)\s*$")


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _coordinate(value: str) -> Decimal | None:
    return Decimal(value) if value.strip() else None


def seed_regions() -> int:
    for row in _rows("regions.csv"):
        Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": Region.Kind(row["kind"]),
                "capital": row["capital"] or row["name"],
                "latitude": _coordinate(row["lat"]),
                "longitude": _coordinate(row["lon"]),
                "population": int(row["population"]) if row.get("population") else None,
            },
        )
    return Region.objects.count()


def kecamatan_by_region() -> dict[str, list[str]]:
    """{region code: [kecamatan, ...]} from ``data/kecamatan.csv``: the districts of each
    kabupaten/kota (every one for the cities; see data/README.md), in the file's order."""
    out: dict[str, list[str]] = {}
    for row in _rows("kecamatan.csv"):
        out.setdefault(row["region_code"], []).append(row["name"])
    return out


def agency_code(short_name: str) -> str:
    return slugify(short_name)[:50]


def seed_agencies() -> int:
    regions = {r.name: r for r in Region.objects.all()}
    for row in _rows("agencies.csv"):
        name, note = row["name"], ""
        match = _NOTE.match(name)
        if match:  # "RSUD Siti Fatimah Az-Zahra (provincial general hospital in Palembang)"
            name, note = match["name"], match["note"]
        region = next((r for n, r in regions.items() if re.search(rf"\bin {n}\b", note)), None)
        code = agency_code(row["short_name"])
        kind = row["kind"] if row["kind"] in Agency.Kind.values else Agency.Kind.OTHER
        Agency.objects.get_or_create(
            code=code,
            defaults={
                "short_name": row["short_name"],
                "name": name,
                "kind": kind,
                "region": region,
                "mandate": note,
                "website_domain": WEBSITES.get(code, ""),
            },
        )
    return Agency.objects.count()


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    agency: str
    role: str
    title: str
    province_admin: bool = False


DEMO_USERS = [
    DemoUser(
        "admin.diskominfo",
        "Rahmat Hidayat",
        "diskominfo",
        Membership.Role.ADMIN,
        "Administrator Sistem",
        province_admin=True,
    ),
    DemoUser("admin.bapenda", "Siti Aminah", "bapenda", Membership.Role.ADMIN, "Pranata Komputer"),
    DemoUser(
        "head.bapenda", "Ir. Bambang Sutrisno", "bapenda", Membership.Role.HEAD, "Kepala Badan"
    ),
    DemoUser(
        "officer.bapenda", "Dewi Lestari", "bapenda", Membership.Role.OFFICER, "Staf Pelayanan"
    ),
    DemoUser("admin.dinkes", "Agus Salim", "dinkes", Membership.Role.ADMIN, "Pranata Komputer"),
    DemoUser("head.dinkes", "dr. Ratna Sari", "dinkes", Membership.Role.HEAD, "Kepala Dinas"),
    DemoUser(
        "officer.dinkes", "Fitri Handayani", "dinkes", Membership.Role.OFFICER, "Staf Pelayanan"
    ),
    DemoUser(
        "admin.pu-bmtr", "Yusuf Maulana", "pu-bmtr", Membership.Role.ADMIN, "Pranata Komputer"
    ),
    DemoUser("head.pu-bmtr", "Ir. Hendra Gunawan", "pu-bmtr", Membership.Role.HEAD, "Kepala Dinas"),
    DemoUser("officer.pu-bmtr", "Andi Pratama", "pu-bmtr", Membership.Role.OFFICER, "Staf Teknis"),
]


def seed_demo_users() -> list[str]:
    """Create the demo staff (password ``DEMO_PASSWORD``); return the usernames created."""
    created_names = []
    agencies = {a.code: a for a in Agency.objects.filter(code__in={d.agency for d in DEMO_USERS})}
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "full_name": demo.full_name,
                "email": f"{demo.username}@example.org",
                "is_staff": demo.province_admin,
                "is_superuser": demo.province_admin,
                "is_province_admin": demo.province_admin,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created_names.append(demo.username)
        agency = agencies.get(demo.agency)
        if agency is not None:
            Membership.objects.get_or_create(
                user=user, agency=agency, role=demo.role, defaults={"title": demo.title}
            )
    return created_names


def seed(*, demo_users: bool, stdout: TextIO) -> None:
    """Everything ``s2c seed`` does, in order."""
    with transaction.atomic():
        regions = seed_regions()
        agencies = seed_agencies()
        stdout.write(f"Regions: {regions}. Agencies: {agencies}.\n")
        if demo_users:
            created = seed_demo_users()
            stdout.write(
                f"Demo staff accounts: {len(DEMO_USERS)} ({len(created)} new), "
                f"e.g. admin.diskominfo; password for new ones: {DEMO_PASSWORD}\n"
            )
    for seeder in registry.seeders():
        stdout.write(f"Seeding {seeder.key}...\n")
        with transaction.atomic():
            seeder.run(stdout=stdout)
    # The worker would apply the new documents within a second; the demo starts searchable.
    search.sync()
    stdout.write(f"Search index: {search_engine.get().num_docs():,} documents.\n")


def demo_users_refused(*, demo_users: bool | None) -> bool:
    """Production refuses demo accounts unless they are asked for explicitly."""
    return getattr(settings, "PRODUCTION", False) and demo_users is None


# --- The first administrator ---------------------------------------------------------------


def province_admin_ensure(
    *, username: str, email: str, password: str | None, full_name: str = ""
) -> tuple[User, bool]:
    """Create a province administrator (also a django-admin superuser), or promote the
    existing user of that name. Raises ``django.core.exceptions.ValidationError`` for a
    weak password or a bad email address."""

    if email:
        validate_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        before = None if created else audit.snapshot(user)
        user.email = email or user.email
        user.full_name = full_name or user.full_name
        user.is_active = True
        user.is_staff = user.is_superuser = user.is_province_admin = True
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            actor=None,
            action="core.user.createadmin",
            obj=user,
            before=before,
            after=audit.snapshot(user),
            note="s2c createadmin",
        )
    return user, created
