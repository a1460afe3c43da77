"""Complaint categories (Open311 "services") with their deadlines and extra questions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """What a report is about. Its code is the Open311 ``service_code``; its agency is the
    OPD a verifier dispositions it to by default. Deadlines are in working days."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated words citizens use for this problem."),
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_categories",
    )
    verify_days = models.PositiveSmallIntegerField(
        _("days to verify"),
        default=3,
        help_text=_("Working days the province's verifiers have to verify a new report."),
    )
    followup_days = models.PositiveSmallIntegerField(
        _("days to first follow-up"),
        default=5,
        help_text=_("Working days the agency has, after disposition, for its first follow-up."),
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("days to complete"),
        default=14,
        help_text=_("Working days the agency has, after disposition or reopening, to complete."),
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days to rate or reopen"),
        default=10,
        help_text=_("Working days the reporter has, after completion, to rate or reopen."),
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("days before escalation"),
        default=2,
        help_text=_(
            "Working days after a missed deadline before the item escalates to the "
            "province supervisor."
        ),
    )
    requires_evidence = models.BooleanField(
        _("needs evidence"),
        default=False,
        help_text=_(
            "A report in this category must come with at least one photo or document "
            "(or, through the API, a media URL)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verify_days__gte=1)
                & models.Q(followup_days__gte=1)
                & models.Q(resolve_days__gte=1)
                & models.Q(reopen_days__gte=1),
                name="care_category_days_positive",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "id").startswith("en"):
            return self.name_en
        return self.name

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class CategoryAttribute(models.Model):
    """An extra question asked for a category (an Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLE = "singlevaluelist", _("One choice")
        MULTI = "multivaluelist", _("Several choices")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("code"), max_length=50)
    datatype = models.CharField(_("type"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(_("help text"), max_length=300, blank=True)
    values = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For choice types: a list of {"key": "...", "name": "..."}.'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["category", "order", "code"]
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="care_category_attribute_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.code}: {self.code}"

    def value_keys(self) -> list[str]:
        return [str(v.get("key")) for v in self.values or [] if isinstance(v, dict)]
