import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks.signals import task_finished

logger = logging.getLogger("s2c.scheduler")


def _record_periodic_result(sender, task_result, **kwargs) -> None:
    """Keep PeriodicJob.last_result current when the database worker finishes a task."""
    if not hasattr(task_result, "db_result"):  # only tasks run from the database queue
        return
    # Here: this module is loaded with the apps, before the models ``services`` needs.
    from .services import periodic_result_record

    try:
        periodic_result_record(
            task_id=str(task_result.id),
            status=str(task_result.status),
            finished_at=task_result.finished_at,
        )
    except Exception:
        logger.exception("Could not record the result of task %s", task_result.id)


class SchedulerConfig(AppConfig):
    name = "s2c.core.scheduler"
    label = "scheduler"
    verbose_name = _("Periodic jobs")

    def ready(self) -> None:
        task_finished.connect(_record_periodic_result, dispatch_uid="s2c-periodic-result")
