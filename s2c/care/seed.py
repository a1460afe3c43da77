"""The care seeder (``s2c seed``): categories mapped to the real agencies, the demo
verifier and supervisor accounts, and a few hundred demo reports in every state across
the 17 regions. Idempotent: categories are created when missing (the province edits
them afterwards) and demo reports are added only up to ``DEMO_COMPLAINTS``."""

from __future__ import annotations

from django.conf import settings

from s2c.core import search
from s2c.core.models import Agency, User
from s2c.core.seed import DEMO_PASSWORD

from . import demo, services
from .demo_data import CATEGORIES, REQUIRES_EVIDENCE
from .models import YES, CareRole, Category, CategoryAttribute, Complaint

DEMO_COMPLAINTS = 300
DEMO_ROLES = [
    ("verifikator.care", "Nurul Aini", CareRole.Role.VERIFIER),
    ("supervisor.care", "Drs. Herman Effendi", CareRole.Role.SUPERVISOR),
]


def seed_categories() -> int:
    agencies = {a.code: a for a in Agency.objects.all()}
    created = 0
    for order, (
        code,
        name,
        name_en,
        group,
        keywords,
        agency,
        _related,
        days,
        attributes,
    ) in enumerate(CATEGORIES, start=1):
        verify, followup, resolve, reopen, escalation = days
        category, was_created = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "group": group,
                "keywords": keywords,
                "agency": agencies.get(agency),
                "verify_days": verify,
                "followup_days": followup,
                "resolve_days": resolve,
                "reopen_days": reopen,
                "escalation_days": escalation,
                "order": order * 10,
                "requires_evidence": code in REQUIRES_EVIDENCE,
                "description": name_en,
            },
        )
        if was_created:
            created += 1
            for i, (acode, datatype, required, question, values) in enumerate(attributes):
                CategoryAttribute.objects.create(
                    category=category,
                    code=acode,
                    datatype=datatype,
                    required=required,
                    description=question,
                    order=i,
                    values=[{"key": k, "name": v} for k, v in values],
                )
    return created


def seed_demo_roles() -> list[str]:
    names = []
    for username, full_name, role in DEMO_ROLES:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            names.append(username)
        CareRole.objects.get_or_create(user=user, role=role)
    return names


def seed_demo(*, stdout) -> None:
    created = seed_categories()
    stdout.write(f"Care categories: {Category.objects.count()} ({created} new).\n")
    if getattr(settings, "PRODUCTION", False):
        stdout.write("Production: no demo reports or demo care accounts.\n")
        return
    accounts = seed_demo_roles()
    stdout.write(
        f"Care demo accounts: {', '.join(u for u, _, _ in DEMO_ROLES)} ({len(accounts)} new).\n"
    )
    existing = Complaint.objects.filter(source=Complaint.Source.DEMO).count()
    missing = max(DEMO_COMPLAINTS - existing, 0)
    if missing:
        demo.generate(missing, seed=existing + 1, batch_size=50, span_days=240, recent_share=0.3)
        search.index_many(
            Complaint.objects.filter(
                source=Complaint.Source.DEMO, is_listed__in=YES
            ).select_related("category", "region")
        )
    services.statistics_refresh(full=True)
    stdout.write(f"Care demo reports: {existing + missing} ({missing} new).\n")
