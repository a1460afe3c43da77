from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "s2c.care"
    label = "care"
    verbose_name = _("Sumsel Care")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from s2c.core import permissions, registry, scheduler

        from . import indexing, roles, selectors
        from .api import router
        from .models import Complaint
        from .seed import seed_demo

        permissions.register_staff_check(roles.has_care_role)
        for signal in (post_save, post_delete):
            signal.connect(
                selectors.forget_inbox_counts, sender=Complaint, dispatch_uid="care-inbox-counts"
            )
        registry.register_service(registry.ServiceInfo("care", _("Sumsel Care"), order=20))
        registry.register_tile(
            registry.HomeTile(
                "care",
                _("Sumsel Care"),
                _("Report a problem with a public service and follow it to its resolution"),
                "care:report",
                icon="care",
                order=20,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "care",
                _("Reports inbox"),
                "care:staff-inbox",
                order=10,
                visible=roles.is_care_staff,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "care",
                _("To verify"),
                "care:staff-verify",
                order=20,
                visible=roles.is_verifier,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "care",
                _("Escalated"),
                "care:staff-escalated",
                order=30,
                visible=roles.is_supervisor,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "care",
                _("Report statistics"),
                "care:staff-stats",
                order=40,
                visible=roles.is_care_staff,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "care",
                _("Open311 API keys"),
                "care:staff-apikeys",
                order=90,
                visible=permissions.is_province_admin,
            )
        )
        indexing.register()
        registry.register_api_router("care", router)
        registry.register_seeder(registry.Seeder("care", run=seed_demo, order=50))
        scheduler.register_periodic(
            "care.deadlines", "s2c.care.tasks.check_deadlines", every=timedelta(minutes=15)
        )
        scheduler.register_periodic(
            "care.statistics", "s2c.care.tasks.refresh_statistics", every=timedelta(minutes=5)
        )
