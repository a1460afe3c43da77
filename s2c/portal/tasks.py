"""Background work of Sumsel Gov (run by ``s2c worker``; immediately in tests)."""

from __future__ import annotations

from django_tasks import task


@task()
def check_all() -> int:
    """The periodic status round: every active monitored URL, a bounded number at once."""
    from .services import check_endpoints

    return check_endpoints()


@task()
def check_endpoint(endpoint_id: int) -> int:
    """Check one URL now (staff "check now")."""
    from .services import check_endpoints

    return check_endpoints([endpoint_id])


@task()
def prune_status_history() -> list[int]:
    from .services import status_prune

    return list(status_prune())


@task()
def reindex_catalogue(service_ids: list[int]) -> int:
    """Re-index services after a bulk change (an import)."""
    from .indexing import reindex_service

    for service_id in service_ids:
        reindex_service(service_id)
    return len(service_ids)


@task()
def render_pages() -> int:
    """Render ahead the service pages that are missing or stale (a bounded number per
    run: the next run goes on)."""
    from .pages import render_missing

    return render_missing(limit=2000)
