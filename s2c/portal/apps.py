from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# apps.py is loaded before the models: what ready() registers, and the functions it
# registers, import the app's modules when they run.


class PortalConfig(AppConfig):
    name = "s2c.portal"
    label = "portal"
    verbose_name = _("Sumsel Gov")

    def ready(self) -> None:
        from s2c.core import permissions, registry, scheduler

        from . import home, search_types, selectors, sitemaps
        from .api import router
        from .seed import seed_demo

        registry.register_service(
            registry.ServiceInfo(
                "portal",
                _("Sumsel Gov"),
                order=10,
                summary=_(
                    "the province's portal: every public service, its agency and offices, "
                    "one search, and the status of online services"
                ),
            )
        )
        registry.register_urls(registry.ServiceUrls("portal", "s2c.portal.urls", order=10))
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
                visible=selectors.can_manage_some_agency,
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
                visible=selectors.can_manage_some_agency,
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
        registry.register_health_check(
            registry.HealthCheck("portal.status-checks", run=_status_checks_health)
        )
        registry.register_command(
            registry.Command(
                "portal",
                "render-pages",
                "Render ahead the published service pages that are missing or stale.",
                manage="portal_render_pages",
            )
        )
        registry.register_command(
            registry.Command(
                "portal",
                "check-status",
                "Check every monitored URL now (what the worker does every 5 minutes).",
                manage="s2c_run_job",
                args=("portal.check-status",),
            )
        )
        registry.register_sitemap(registry.SitemapSection("services", sitemaps.ServiceSitemap))
        registry.register_sitemap(registry.SitemapSection("agencies", sitemaps.AgencySitemap))
        registry.register_figure(
            registry.DashboardFigure(
                "portal",
                "portal.published-services",
                _("Services published"),
                value=_published_services,
                url_name="portal:catalogue",
                order=10,
            )
        )


# A status check older than this means the worker's every-5-minutes job stopped.
STATUS_CHECKS_STALE_AFTER = timedelta(minutes=20)


def _status_checks_health() -> dict:
    """How fresh the monitored URLs' status is (informative: the worker check degrades)."""
    from django.db.models import Count, Max
    from django.utils import timezone

    from .models import MonitoredEndpoint

    seen = MonitoredEndpoint.objects.filter(is_active=True).aggregate(
        endpoints=Count("id"), last=Max("last_checked_at")
    )
    if not seen["endpoints"]:
        return {"status": "ok", "endpoints": 0}
    if seen["last"] is None:
        return {"status": "unknown", "endpoints": seen["endpoints"]}
    age = (timezone.now() - seen["last"]).total_seconds()
    return {
        "status": "ok" if age <= STATUS_CHECKS_STALE_AFTER.total_seconds() else "stale",
        "endpoints": seen["endpoints"],
        "last_checked_seconds": round(max(age, 0.0), 1),
    }


def _published_services(user) -> int | None:
    from s2c.core import permissions

    from . import selectors

    if not permissions.is_staff_member(user):
        return None
    return selectors.public_services().count()
