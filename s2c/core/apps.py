from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_use_django_admin(user) -> bool:
    # Here and in ready(): apps.py is loaded before the models that these modules import.
    from . import permissions

    return permissions.is_province_admin(user) and bool(user.is_staff)


class CoreConfig(AppConfig):
    name = "s2c.core"
    label = "core"
    verbose_name = _("S2C core")

    def ready(self) -> None:
        from . import calendar, permissions, registry  # noqa: F401 (calendar: cache signals)

        registry.register_service(registry.ServiceInfo("core", _("Administration"), order=900))
        registry.register_nav(
            registry.NavItem(
                "core",
                _("Staff home"),
                "core:staff-home",
                order=10,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "core",
                _("Audit log"),
                "core:audit-log",
                order=20,
                visible=permissions.can_view_audit,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "core",
                _("Working-day calendar"),
                "core:calendar",
                order=30,
                visible=permissions.can_manage_calendar,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "core", _("Django admin"), "admin:index", order=90, visible=_can_use_django_admin
            )
        )
        registry.register_personal_pages(
            registry.PersonalPages(
                "core",
                (
                    "admin:*",
                    "core:login",
                    "core:logout",
                    "core:password_reset",
                    "core:password_reset_done",
                    "core:password_reset_confirm",
                    "core:password_reset_complete",
                    "core:password_change",
                    "core:password_change_done",
                ),
            )
        )
