"""Precomputed monthly statistics per agency and category (written by
``care.services.stats``, read by ``care.selectors.stats``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatMonth(models.Model):
    """Counts and duration histograms of the reports received in one month (Asia/Jakarta),
    per responsible agency (none before disposition) and category. Rebuilt for a month
    whenever a report received in it changes."""

    month = models.DateField()
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey("care.Category", on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    followups = models.PositiveIntegerField(default=0)
    followups_on_time = models.PositiveIntegerField(default=0)
    completions_on_time = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    # Open reports past their deadline on ``StatState.as_of`` (those still waiting for
    # their first follow-up counted apart: they count against SLA compliance).
    overdue = models.PositiveIntegerField(default=0)
    overdue_unanswered = models.PositiveIntegerField(default=0)
    # {"followup_days": {"2": 5, ...}, "followup_hours": {...}, "completion_days": {...},
    #  "completion_hours": {...}}: value -> number of reports.
    histograms = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("monthly statistics")
        verbose_name_plural = _("monthly statistics")
        indexes = [models.Index(fields=["month"], name="care_statmonth_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.category_id}"


class StatState(models.Model):
    """When the statistics were last brought up to date (one row)."""

    key = models.CharField(max_length=20, primary_key=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True)  # the day "overdue" was counted for

    class Meta:
        verbose_name = _("statistics state")
        verbose_name_plural = _("statistics state")

    def __str__(self) -> str:
        return f"{self.key} {self.refreshed_at}"
