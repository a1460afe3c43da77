"""Keep core search and the stored service pages (``pages``) in step with the catalogue:
called by the services in the transaction of each write."""

from __future__ import annotations

from django.db import transaction

from s2c.core import search
from s2c.core.models import Agency

from . import pages
from .models import Service
from .pagecache import bump_on_commit


def reindex_service_on_commit(service_id: int) -> None:
    pages.changed(service_ids=[service_id])
    transaction.on_commit(lambda: reindex_service(service_id))
    bump_on_commit()


def reindex_service(service_id: int) -> None:
    service = Service.objects.select_related("agency").filter(pk=service_id).first()
    if service is None:
        return
    # The document function returns None for a service that is not published, which
    # removes it from the index.
    search.index(service)


def reindex_agency_on_commit(agency_id: int) -> None:
    def run() -> None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is not None:
            search.index(agency)

    transaction.on_commit(run)
    pages.changed(agency_id=agency_id)
    bump_on_commit()
