"""The service plugs itself into S2C here: everything core shows of it is registered in
``ready()`` (see docs/plugging-in.md). Core never imports this app."""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# apps.py is loaded before the models: what ready() registers, and the functions it
# registers, import the app's modules when they run.

SUMMARY = _(
    "the province's archive and open data: documents, versions, datasets, CKAN API"
)  # the home tile, the README's list of services


class SidataConfig(AppConfig):
    name = "s2c.sidata"
    label = "sidata"
    verbose_name = _("Sidata")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from s2c.core import permissions, registry, scheduler, search

        from . import search_types
        from .api import router

        registry.register_service(
            registry.ServiceInfo("sidata", _("Sidata"), order=100, summary=SUMMARY)
        )
        registry.register_urls(registry.ServiceUrls("sidata", "s2c.sidata.urls", order=100))
        registry.register_tile(
            registry.HomeTile(
                "sidata",
                _("Sidata"),
                _("Archive documents and open data of the province"),
                "sidata:home",
                icon="service",  # a symbol of core/static/core/icons.svg
                order=100,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "sidata",
                _("Archive documents"),
                "sidata:staff-documents",
                order=10,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "sidata",
                _("Retention and integrity"),
                "sidata:staff-care",
                order=20,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "sidata",
                _("Datasets"),
                "sidata:staff-datasets",
                order=30,
                visible=permissions.is_staff_member,
            )
        )
        registry.register_nav(
            registry.NavItem(
                "sidata",
                _("Datasets to review"),
                "sidata:staff-review",
                order=40,
                visible=permissions.is_province_admin,
            )
        )
        registry.register_tile(
            registry.HomeTile(
                "sidata-data",
                _("Open data"),
                _("Datasets of the province's agencies, free to use"),
                "sidata:datasets",
                icon="service",
                order=101,
            )
        )
        registry.register_api_router("sidata", router)  # at /api/v1/sidata/
        search.register(search_types.DOCUMENT)
        scheduler.register_periodic(
            "sidata.extraction-sweep",
            "s2c.sidata.tasks.sweep_extractions",
            every=timedelta(minutes=10),
        )
        scheduler.register_periodic(
            "sidata.integrity", "s2c.sidata.tasks.scan_integrity", every="daily 01:30"
        )
        scheduler.register_periodic(
            "sidata.trash", "s2c.sidata.tasks.purge_trash", every="daily 02:30"
        )
        registry.register_command(
            registry.Command(
                "sidata",
                "sidata-ingest",
                "Ingest a folder or ZIP of files into an agency's archive.",
                manage="sidata_ingest",
            )
        )
        registry.register_command(
            registry.Command(
                "sidata",
                "sidata-integrity",
                "Re-hash every stored archive file now and report changed or missing ones.",
                manage="s2c_run_job",
                args=("sidata.integrity",),
            )
        )
        registry.register_health_check(registry.HealthCheck("sidata.documents", run=_health))
        registry.register_health_check(
            registry.HealthCheck("sidata.ocr", run=_ocr_health, needs_database=False)
        )
        registry.register_figure(
            registry.DashboardFigure(
                "sidata",
                "sidata.documents",
                _("Archive documents"),
                value=_documents_figure,
                url_name="sidata:staff-documents",
            )
        )
        registry.register_seeder(registry.Seeder("sidata", run=_seed, order=80))
        registry.register_figure(
            registry.DashboardFigure(
                "sidata",
                "sidata.datasets-to-review",
                _("Datasets to review"),
                value=_datasets_to_review,
                url_name="sidata:staff-review",
            )
        )


def _health() -> dict:
    """Cheap counts: documents, and versions whose file is changed or missing."""
    from .models import Document, DocumentVersion

    damaged = DocumentVersion.objects.filter(
        integrity__in=[DocumentVersion.Integrity.CHANGED, DocumentVersion.Integrity.MISSING]
    ).count()
    return {
        "status": "ok" if not damaged else "error",
        "documents": Document.objects.count(),
        "damaged_files": damaged,
    }


def _ocr_health() -> dict:
    """Whether scans can be read: tesseract with Indonesian, and pdftoppm."""
    from .extraction import health_status

    return health_status()


def _documents_figure(user) -> int | None:
    from s2c.core import permissions

    from . import selectors

    if not permissions.is_staff_member(user):
        return None
    return selectors.documents_for_staff(user=user).count()


def _datasets_to_review(user) -> int | None:
    from .datasets import is_walidata, review_queue

    return review_queue(user=user).count() if is_walidata(user) else None


def _seed(*, stdout=None) -> None:
    """The archive's demo documents, then the open datasets (one line of summary)."""
    from .demo import seed_demo

    seed_demo(stdout=stdout)
