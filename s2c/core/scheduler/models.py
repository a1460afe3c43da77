"""State of the periodic jobs and of the workers, kept in the database so that restarts
neither skip nor repeat a job and several workers never enqueue the same slot twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """One registered periodic job's schedule state."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    task_path = models.CharField(_("task"), max_length=255)
    schedule = models.CharField(_("schedule"), max_length=100)
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("Disabled jobs are not enqueued.")
    )
    next_due_at = models.DateTimeField(_("next due at"))
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)
    last_task_id = models.CharField(_("last task id"), max_length=64, blank=True, db_index=True)
    last_result = models.CharField(_("last result"), max_length=300, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.key


class PeriodicRun(models.Model):
    """One due slot of a job that was enqueued: the unique (job, slot) pair is the guard
    that keeps two workers from enqueueing the same run."""

    job = models.ForeignKey(PeriodicJob, on_delete=models.CASCADE, related_name="runs")
    slot = models.DateTimeField(_("due slot"))
    enqueued_at = models.DateTimeField(_("enqueued at"))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-slot"]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_unique_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job_id} @ {self.slot:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A running ``s2c worker`` process; refreshed every few seconds while it lives."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen_at = models.DateTimeField(_("last seen at"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
