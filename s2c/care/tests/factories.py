"""Factories for Sumsel Care's tests: categories, roles and reports in any state, made
through the real services (so every invariant holds)."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from s2c.care import roles, services
from s2c.care.models import CareRole, Category, CategoryAttribute, Complaint
from s2c.core.tests import factories as core

_seq = itertools.count(1)
# A Monday at 09:00 WIB with no holiday in the following weeks.
MONDAY = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def make_category(*, agency=None, code: str | None = None, **extra) -> Category:
    n = next(_seq)
    extra.setdefault("name", f"Kategori {n}")
    return Category.objects.create(code=code or f"kategori-{n}", agency=agency, **extra)


def add_attribute(category: Category, code: str = "ukuran", **extra) -> CategoryAttribute:
    extra.setdefault("datatype", CategoryAttribute.Datatype.SINGLE)
    extra.setdefault("description", "Seberapa besar?")
    extra.setdefault(
        "values", [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}]
    )
    return CategoryAttribute.objects.create(category=category, code=code, **extra)


def make_verifier(**extra):
    extra.setdefault("preferred_language", "en")
    user = core.make_user(**extra)
    CareRole.objects.create(user=user, role=CareRole.Role.VERIFIER)
    roles.forget_cached_roles(user)
    return user


def make_supervisor(**extra):
    extra.setdefault("preferred_language", "en")
    user = core.make_user(**extra)
    CareRole.objects.create(user=user, role=CareRole.Role.SUPERVISOR)
    roles.forget_cached_roles(user)
    return user


def complaint_input(category: Category, **extra) -> services.ComplaintInput:
    n = next(_seq)
    values = {
        "kind": Complaint.Kind.PENGADUAN,
        "category": category.code,
        "title": f"Jalan berlubang nomor {n}",
        "description": "Lubang besar di depan pasar, sudah dua minggu tidak diperbaiki.",
        "privacy": Complaint.Privacy.PUBLIC,
        "name": "Budi Santoso",
        "email": f"budi{n}@example.test",
        "phone": f"0812{n:08d}",
        "language": "en",  # messages to the reporter in English, as the tests read them
    }
    values.update(extra)
    return services.ComplaintInput(**values)


def submit(category: Category, *, now=None, files=(), **extra) -> services.Submitted:
    return services.complaint_submit(
        data=complaint_input(category, **extra),
        files=list(files),
        now=now or MONDAY,
        client_ip=f"10.0.{next(_seq) % 250}.1",
    )


def make_complaint(
    category: Category,
    *,
    status: str = Complaint.Status.RECEIVED,
    verifier=None,
    officer=None,
    agency=None,
    now=None,
    **extra,
) -> Complaint:
    """A report walked through the services up to ``status``."""
    now = now or MONDAY
    c = submit(category, now=now, **extra).complaint
    S = Complaint.Status
    order = [S.RECEIVED, S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED]
    goal = order.index(status)
    if goal >= 1:
        c = services.complaint_verify(complaint=c, by=verifier, now=now + dt.timedelta(hours=1))
    if goal >= 2:
        c = services.complaint_disposition(
            complaint=c,
            by=verifier,
            agency=agency or category.agency,
            now=now + dt.timedelta(hours=2),
        )
    if goal >= 3:
        services.complaint_post_update(
            complaint=c, by=officer, message="Sedang kami tinjau.", now=now + dt.timedelta(days=1)
        )
    if goal >= 4:
        c = services.complaint_complete(
            complaint=c,
            by=officer,
            resolution="Lubang sudah ditambal hari ini.",
            now=now + dt.timedelta(days=3),
        )
    if goal >= 5:
        c = services.reporter_rate(
            complaint=c, rating=5, comment="Terima kasih", now=now + dt.timedelta(days=4)
        )
    c.refresh_from_db()
    return c


def jpeg(name: str = "lubang.jpg", size=(64, 48), color=(120, 90, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def report_form(category, **extra) -> dict:
    """What the report page and the API take from a citizen, as a form posts it."""
    return {
        "kind": "pengaduan",
        "category": category.code,
        "title": "Jalan berlubang di pasar",
        "description": "Lubang besar di depan pasar sejak dua minggu.",
        "privacy": "public",
        "name": "Budi",
        "email": "budi@example.test",
        "phone": "",
        "address": "Jalan Pasar",
        "kecamatan": "Ilir Barat I",
        "website": "",
        **extra,
    }
