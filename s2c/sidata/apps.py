"""The service plugs itself into S2C here: everything core shows of it is registered in
``ready()`` (see docs/plugging-in.md). Core never imports this app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# apps.py is loaded before the models: what ready() registers, and the functions it
# registers, import the app's modules when they run.

SUMMARY = _("the province's archive and open data: documents, versions, datasets, CKAN API")  # the home tile, the README's list of services


class SidataConfig(AppConfig):
    name = "s2c.sidata"
    label = "sidata"
    verbose_name = _("Sidata")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from s2c.core import permissions, registry, search

        from . import search_types
        from .api import router

        registry.register_service(
            registry.ServiceInfo(
                "sidata",
                _("Sidata"),
                order=100,
                summary=SUMMARY,
            )
        )
        registry.register_urls(
            registry.ServiceUrls(
                "sidata",
                "s2c.sidata.urls",
                order=100,
            ),
        )
        registry.register_tile(
            registry.HomeTile(
                "sidata",
                _("Sidata"),
                SUMMARY,
                "sidata:list",
                icon="service",  # a symbol of core/static/core/icons.svg
                order=100,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "sidata",
                _("Sidata items"),
                "sidata:staff-list",
                visible=permissions.is_staff_member,
            )
        )
        registry.register_api_router("sidata", router)  # at /api/v1/<name>/
        search.register(search_types.ITEM)
        registry.register_health_check(
            registry.HealthCheck("sidata.items", run=_health),
        )
        registry.register_figure(
            registry.DashboardFigure(
                "sidata",
                "sidata.public-items",
                _("Public Sidata items"),
                value=_public_items,
                url_name="sidata:list",
            )
        )


def _health() -> dict:
    """A cheap query of this service's own table."""
    from .models import Item

    return {"status": "ok", "items": Item.objects.count()}


def _public_items(user) -> int | None:
    from s2c.core import permissions

    from . import selectors

    return selectors.public_items().count() if permissions.is_staff_member(user) else None
