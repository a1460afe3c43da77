"""The status monitor: agencies' web services checked periodically by the worker."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MonitoredEndpoint(models.Model):
    """A URL an agency registered to be checked: its website or an online service."""

    class Kind(models.TextChoices):
        WEBSITE = "website", _("Website")
        ONLINE_SERVICE = "online_service", _("Online service")
        API = "api", _("API")

    class State(models.TextChoices):
        UNKNOWN = "unknown", _("Not checked yet")
        UP = "up", _("Up")
        DOWN = "down", _("Down")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "portal.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endpoints",
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WEBSITE)
    is_active = models.BooleanField(_("checked"), default=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.UNKNOWN)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    tls_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("monitored URL")
        verbose_name_plural = _("monitored URLs")
        constraints = [
            models.UniqueConstraint(fields=["agency", "url"], name="portal_endpoint_unique_url")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def get_absolute_url(self) -> str:
        return reverse("portal:status-endpoint", args=[self.public_id])


class Check(models.Model):
    """One check of one endpoint. Raw checks are kept for a short while; the 90-day
    history comes from ``DailyRollup``."""

    endpoint = models.ForeignKey(MonitoredEndpoint, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    tls_expires_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [
            models.Index(fields=["endpoint", "-checked_at"], name="portal_check_recent"),
            models.Index(fields=["checked_at"], name="portal_check_age"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint_id} {self.checked_at:%Y-%m-%d %H:%M} {'up' if self.ok else 'down'}"


class DailyRollup(models.Model):
    """One endpoint's checks of one day (Asia/Jakarta)."""

    endpoint = models.ForeignKey(
        MonitoredEndpoint, on_delete=models.CASCADE, related_name="rollups"
    )
    day = models.DateField()
    checks = models.PositiveIntegerField(default=0)
    ok_checks = models.PositiveIntegerField(default=0)
    total_ms = models.PositiveBigIntegerField(default=0)
    max_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["endpoint", "day"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "day"], name="portal_rollup_unique_day"),
            models.CheckConstraint(
                condition=models.Q(ok_checks__lte=models.F("checks")),
                name="portal_rollup_ok_not_above_checks",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint_id} {self.day} {self.ok_checks}/{self.checks}"

    @property
    def uptime_percent(self) -> float | None:
        if not self.checks:
            return None
        return round(100.0 * self.ok_checks / self.checks, 2)

    @property
    def average_ms(self) -> int | None:
        ok = self.ok_checks
        return round(self.total_ms / ok) if ok else None


class Incident(models.Model):
    """A stretch of time an endpoint was down: opened at the first failed check, resolved
    at the next successful one."""

    endpoint = models.ForeignKey(
        MonitoredEndpoint, on_delete=models.CASCADE, related_name="incidents"
    )
    started_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    first_error = models.CharField(max_length=500, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    failed_checks = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint"],
                condition=models.Q(resolved_at__isnull=True),
                name="portal_one_open_incident",
            )
        ]
        indexes = [models.Index(fields=["-started_at"], name="portal_incident_recent")]

    def __str__(self) -> str:
        return f"{self.endpoint_id} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def duration(self):
        if self.resolved_at is None:
            return None
        return self.resolved_at - self.started_at
