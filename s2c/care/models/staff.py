"""The province's care roles, Open311 API keys and the deadline alerts already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CareRole(models.Model):
    """A province-level role in Sumsel Care, above the agencies.

    Verifiers check new reports, route them and are the only ones who see an anonymous
    reporter's identity; supervisors watch every agency and receive escalations. Province
    administrators hold both roles implicitly."""

    class Role(models.TextChoices):
        VERIFIER = "verifier", _("Province verifier")
        SUPERVISOR = "supervisor", _("Province supervisor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("care role")
        verbose_name_plural = _("care roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="care_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ApiKey(models.Model):
    """An Open311 API key issued to an app by an administrator. Only its hash is kept;
    the key itself is shown once, when it is issued."""

    name = models.CharField(_("app name"), max_length=150)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_api_keys",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    prefix = models.CharField(_("key prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class DeadlineAlert(models.Model):
    """A reminder or escalation already sent for one deadline of one report, so the
    background check sends each exactly once."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder to the agency head")
        ESCALATION = "escalation", _("Escalation to the province supervisor")

    complaint = models.ForeignKey("care.Complaint", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    stage = models.CharField(max_length=16)
    deadline = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind", "stage", "deadline"], name="care_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.stage} {self.deadline}"
