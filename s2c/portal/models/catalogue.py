"""The service catalogue: each public service with its Standar Pelayanan components
(PermenPANRB 15/2014), the offices that deliver it, and the life events it belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _


def _localised(value_id: str, value_en: str) -> str:
    """The English text when the page is in English and one exists, else Indonesian."""
    if value_en and (get_language() or "id").startswith("en"):
        return value_en
    return value_id


class LifeEvent(models.Model):
    """An entry point by what is happening in a citizen's life (health, permits, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_en = models.CharField(_("description in English"), max_length=300, blank=True)
    icon = models.CharField(_("icon"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("portal:life-event", args=[self.code])

    @property
    def label(self) -> str:
        return _localised(self.name, self.name_en)

    @property
    def summary(self) -> str:
        return _localised(self.description, self.description_en)


class Office(models.Model):
    """A place where a citizen gets a service: a Samsat office, a hospital, a counter."""

    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="offices"
    )
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(
                        latitude__gte=-90,
                        latitude__lte=90,
                        longitude__gte=-180,
                        longitude__lte=180,
                    )
                ),
                name="portal_office_coordinates_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ProcessingTimeUnit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("calendar days")


def format_processing_time(value: int | None, unit: str) -> str:
    if value is None or not unit:
        return ""
    if unit == ProcessingTimeUnit.MINUTES:
        return ngettext("%(n)d minute", "%(n)d minutes", value) % {"n": value}
    if unit == ProcessingTimeUnit.HOURS:
        return ngettext("%(n)d hour", "%(n)d hours", value) % {"n": value}
    if unit == ProcessingTimeUnit.WORKING_DAYS:
        return ngettext("%(n)d working day", "%(n)d working days", value) % {"n": value}
    return ngettext("%(n)d calendar day", "%(n)d calendar days", value) % {"n": value}


class Service(models.Model):
    """A public service and its published Standar Pelayanan.

    The row holds what the public sees. An agency admin's edit of a published service
    becomes a ``ServiceRevision`` that a province administrator approves; drafts are
    edited in place and published by a province administrator.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="portal_services",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(
        _("search keywords"),
        max_length=500,
        blank=True,
        help_text=_("Other words people use for this service, e.g. samsat stnk pkb."),
    )
    target_users = models.TextField(_("who may apply"), blank=True)
    processing_time_value = models.PositiveIntegerField(_("processing time"), null=True, blank=True)
    processing_time_unit = models.CharField(
        _("processing time unit"), max_length=16, choices=ProcessingTimeUnit.choices, blank=True
    )
    processing_time_note = models.CharField(_("processing time note"), max_length=300, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    cost = models.TextField(_("cost or tariff"), blank=True)
    # The amount to pay, in whole rupiah (the lowest when it varies; ``cost`` explains).
    # A paid service states it or where it is set (``cost_legal_basis``, e.g. a Perda).
    cost_amount = models.PositiveBigIntegerField(_("amount (rupiah)"), null=True, blank=True)
    cost_legal_basis = models.TextField(_("legal basis of the tariff"), blank=True)
    product = models.TextField(_("product"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    complaint_channel = models.TextField(_("complaint channel"), blank=True)
    online_url = models.URLField(_("online channel"), max_length=500, blank=True)
    life_events = models.ManyToManyField(
        LifeEvent, verbose_name=_("life events"), blank=True, related_name="services"
    )
    offices = models.ManyToManyField(
        Office, verbose_name=_("offices"), blank=True, related_name="services"
    )
    review_requested_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    view_count = models.PositiveBigIntegerField(_("page views"), default=0)
    feedback_useful = models.PositiveIntegerField(_("found it useful"), default=0)
    feedback_not_useful = models.PositiveIntegerField(_("did not find it useful"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised in the transaction of any write that changes what the public page shows
    # (the service, its agency, offices or monitored URLs): a page rendered ahead for an
    # older value is never served (``s2c.portal.pages``).
    page_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        indexes = [
            models.Index(fields=["status", "name"], name="portal_service_status_name"),
            models.Index(fields=["status", "-view_count"], name="portal_service_popular"),
            models.Index(fields=["agency", "status", "name"], name="portal_service_agency"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(processing_time_value__isnull=True, processing_time_unit="")
                    | (
                        models.Q(processing_time_value__isnull=False)
                        & ~models.Q(processing_time_unit="")
                    )
                ),
                name="portal_service_processing_time_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="portal_service_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:service", args=[self.code])

    @property
    def display_name(self) -> str:
        """The name in the page's language: English when there is one, else Indonesian."""
        return _localised(self.name, self.name_en)

    @property
    def display_summary(self) -> str:
        """The summary in the page's language, falling back to the Indonesian one."""
        return _localised(self.summary, self.summary_en)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def processing_time_display(self) -> str:
        return format_processing_time(self.processing_time_value, self.processing_time_unit)

    @property
    def feedback_total(self) -> int:
        return self.feedback_useful + self.feedback_not_useful


class ServiceRequirement(models.Model):
    """One item of persyaratan, in order."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requirements")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("requirement"), max_length=500)

    class Meta:
        ordering = ["service", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "position"], name="portal_requirement_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ServiceStep(models.Model):
    """One step of the procedure (prosedur), in order."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("step"), max_length=500)

    class Meta:
        ordering = ["service", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "position"], name="portal_step_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ServiceRevision(models.Model):
    """A proposed change to a published service, waiting for a province administrator.

    ``content`` is the whole proposed Standar Pelayanan (see ``s2c.portal.content``); the
    public keeps seeing the service row until the revision is approved.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="revisions")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    content = models.JSONField(_("proposed content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("service revision")
        verbose_name_plural = _("service revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status="pending"),
                name="portal_one_pending_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"


class ServiceFeedback(models.Model):
    """One answer to "was this page useful?"."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField(_("useful"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self) -> str:
        return f"{self.service}: {'+' if self.useful else '-'}"
