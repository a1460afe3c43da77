from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "s2c.portal"
    label = "portal"
    verbose_name = _("Sumsel Gov")

    def ready(self) -> None:
        from s2c.core import permissions, registry, scheduler

        from . import home, search_types
        from .api import router
        from .seed import seed_demo

        registry.register_service(registry.ServiceInfo("portal", _("Sumsel Gov"), order=10))
        registry.register_tile(
            registry.HomeTile(
                "portal",
                _("Sumsel Gov"),
                _(
                    "Every public service of the province: what to bring, what it costs, "
                    "where to go."
                ),
                "portal:catalogue",
                icon="gov",
                order=10,
            )
        )
        for section in home.SECTIONS:
            registry.register_home_section(section)
        can_manage = _can_manage_something
        registry.register_nav(
            registry.NavItem(
                "portal",
                _("Services"),
                "portal:staff-services",
                order=10,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "portal",
                _("Approvals"),
                "portal:staff-reviews",
                order=20,
                visible=permissions.is_province_admin,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "portal",
                _("Offices"),
                "portal:staff-offices",
                order=30,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "portal",
                _("Agency profiles"),
                "portal:staff-agencies",
                order=40,
                visible=can_manage,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "portal",
                _("Monitored URLs"),
                "portal:staff-endpoints",
                order=50,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "portal",
                _("Import and export"),
                "portal:staff-import",
                order=60,
                visible=can_manage,
            )
        )
        search_types.register()
        registry.register_api_router("portal", router)
        scheduler.register_periodic(
            "portal.check-status", "s2c.portal.tasks.check_all", every=timedelta(minutes=5)
        )
        scheduler.register_periodic(
            "portal.render-pages", "s2c.portal.tasks.render_pages", every=timedelta(minutes=1)
        )
        scheduler.register_periodic(
            "portal.prune-status", "s2c.portal.tasks.prune_status_history", every="daily 03:10"
        )
        registry.register_seeder(registry.Seeder("portal", run=seed_demo, order=20))


def _can_manage_something(user) -> bool:
    from s2c.core import permissions

    return permissions.is_province_admin(user) or bool(
        permissions.agency_ids(user, {permissions.AGENCY_ADMIN})
    )
