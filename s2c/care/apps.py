from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# apps.py is loaded before the models: what ready() registers, and the functions it
# registers, import the app's modules when they run.


class CareConfig(AppConfig):
    name = "s2c.care"
    label = "care"
    verbose_name = _("Sumsel Care")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from s2c.core import permissions, registry, scheduler

        from . import feeds, indexing, pagecache, roles, selectors, sitemaps
        from .api import router
        from .models import Complaint
        from .seed import seed_demo

        permissions.register_staff_check(roles.has_care_role)
        for signal in (post_save, post_delete):
            signal.connect(
                selectors.forget_inbox_counts, sender=Complaint, dispatch_uid="care-inbox-counts"
            )
        pagecache.connect()
        registry.register_service(
            registry.ServiceInfo(
                "care",
                _("Sumsel Care"),
                order=20,
                summary=_(
                    "citizen reports about public services, routed to the responsible agency "
                    "with working-day deadlines, public follow-up, feeds, a map and Open311"
                ),
            )
        )
        registry.register_urls(registry.ServiceUrls("care", "s2c.care.urls", order=20))
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
        registry.register_health_check(registry.HealthCheck("care.reports", run=_reports_health))
        registry.register_command(
            registry.Command(
                "care",
                "deadlines",
                "Check report deadlines now: reminders, overdue alerts, escalations.",
                manage="s2c_run_job",
                args=("care.deadlines",),
            )
        )
        feeds.register()
        registry.register_sitemap(
            registry.SitemapSection("care-reports", sitemaps.PublicReportSitemap)
        )
        registry.register_map_layer(
            registry.MapLayer(
                "care", "care.public-reports", _("Public reports"), "care:map-geojson", order=20
            )
        )
        # A citizen's own report: the page after sending it (the follow-up link), the
        # follow-up pages and their API, and what a tracking number shows.
        registry.register_personal_pages(
            registry.PersonalPages(
                "care",
                (
                    "care:submitted",
                    "care:follow",
                    "care:follow-file",
                    "care:follow-action",
                    "care:track",
                    "api:report_track",
                    "api:follow_detail",
                    "api:follow_reply",
                    "api:follow_rate",
                    "api:follow_reopen",
                ),
            )
        )
        registry.register_api_scope(
            registry.ApiScope(
                "care.open311.submit", "care", _("Submit reports through the Open311 API")
            )
        )
        registry.register_figure(
            registry.DashboardFigure(
                "care",
                "care.open-reports",
                _("Open reports"),
                value=_open_reports,
                url_name="care:staff-inbox",
                order=20,
            )
        )


def _reports_health() -> dict:
    """A cheap query of Care's own table: how many reports are open."""
    from .models import YES, Complaint

    return {"status": "ok", "open": Complaint.objects.filter(is_open__in=YES).count()}


def _open_reports(user) -> int | None:
    """Open reports the user works on (their agencies', or all for province staff)."""
    from . import roles, selectors

    if not roles.is_care_staff(user):
        return None
    return selectors.inbox(user, selectors.InboxFilters(status="open")).count()
