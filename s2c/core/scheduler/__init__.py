"""Periodic jobs and the worker (``s2c worker``).

    from s2c.core import scheduler
    scheduler.register_periodic("portal.check-status", "s2c.portal.tasks.check_all",
                                every=timedelta(minutes=5))
    scheduler.register_periodic("sidata.retention", retention_task, every="daily 02:30")

Jobs are enqueued on the django-tasks database backend by ``s2c worker``; their state
(``PeriodicJob``) lives in the database so restarts neither skip nor repeat a run.
"""

from .queue import enqueue_with_transaction, queue_is_in_the_database
from .schedule import PeriodicSpec, periodic_jobs, register_periodic, unregister_periodic

__all__ = [
    "PeriodicSpec",
    "enqueue_with_transaction",
    "periodic_jobs",
    "queue_is_in_the_database",
    "register_periodic",
    "unregister_periodic",
]
