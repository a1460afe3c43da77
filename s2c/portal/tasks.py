"""Background work of Sumsel Gov (run by ``s2c worker``; immediately in tests)."""

from __future__ import annotations

from django_tasks import task

from .indexing import reindex_service
from .pages import render_missing
from .services import check_endpoints, status_prune


@task()
def check_all() -> int:
    """The periodic status round: every active monitored URL, a bounded number at once."""
    return check_endpoints()


@task()
def check_endpoint(endpoint_id: int) -> int:
    """Check one URL now (staff "check now")."""
    return check_endpoints(endpoint_ids=[endpoint_id])


@task()
def prune_status_history() -> list[int]:
    return list(status_prune())


@task()
def reindex_catalogue(service_ids: list[int]) -> int:
    """Re-index services after a bulk change (an import)."""
    for service_id in service_ids:
        reindex_service(service_id)
    return len(service_ids)


@task()
def render_pages() -> int:
    """Render ahead the service pages that are missing or stale (a bounded number per
    run: the next run goes on)."""
    return render_missing(limit=2000)
