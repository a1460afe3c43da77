"""Background work of Sumsel Care, run by ``s2c worker`` (periodic jobs registered in
``CareConfig.ready``). Tasks take ids or nothing, are idempotent and call services."""

from __future__ import annotations

import logging

from django_tasks import task

from . import services

logger = logging.getLogger("s2c.care")


@task()
def check_deadlines() -> dict:
    """Flag, remind, escalate and close on schedule (every 15 minutes)."""
    result = services.deadlines_check()
    logger.info(
        "care deadlines: %s overdue, %s reminded, %s escalated, %s closed",
        result.overdue,
        result.reminded,
        result.escalated,
        result.closed,
    )
    return {
        "overdue": result.overdue,
        "reminded": result.reminded,
        "escalated": result.escalated,
        "closed": result.closed,
    }


@task()
def refresh_statistics() -> int:
    """Rebuild the monthly statistics of the months whose reports changed."""
    return services.statistics_refresh()
