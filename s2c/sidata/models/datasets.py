"""Open data (Satu Data Indonesia): datasets with resources, grouped by topic, produced by
an agency (produsen data) and reviewed by the province's data steward (walidata) before
publication. CKAN's words: a dataset is a package, an agency an organization, a topic a
group. Public addresses use ``name`` (the CKAN package name) or ``public_id`` (a UUID)."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Topic", "Dataset", "Resource", "LICENCES", "licence_title"]

NAME_RULE = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{1,99}$",
    _("Use 2 to 100 lowercase letters, digits, '-' or '_', starting with a letter or digit."),
)

# CKAN's licence ids (its default licence list), with their titles and URLs.
LICENCES = {
    "cc-by": ("Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by"),
    "cc-by-sa": (
        "Creative Commons Attribution Share-Alike",
        "http://www.opendefinition.org/licenses/cc-by-sa",
    ),
    "cc-zero": ("Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero"),
    "odc-odbl": (
        "Open Data Commons Open Database License (ODbL)",
        "http://www.opendefinition.org/licenses/odc-odbl",
    ),
    "odc-by": (
        "Open Data Commons Attribution License",
        "http://www.opendefinition.org/licenses/odc-by",
    ),
    "other-open": ("Other (Open)", ""),
}


def licence_title(licence_id: str) -> str:
    return LICENCES.get(licence_id, (licence_id, ""))[0]


class Topic(models.Model):
    """A theme of the catalogue (CKAN group), e.g. "kesehatan", "pendidikan"."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[NAME_RULE])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title


class Dataset(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned for changes")
        PUBLISHED = "published", _("Published")

    class Licence(models.TextChoices):
        CC_BY = "cc-by", _("Creative Commons Attribution")
        CC_BY_SA = "cc-by-sa", _("Creative Commons Attribution Share-Alike")
        CC_ZERO = "cc-zero", _("Creative Commons CCZero")
        ODC_ODBL = "odc-odbl", _("Open Data Commons Open Database License (ODbL)")
        ODC_BY = "odc-by", _("Open Data Commons Attribution License")
        OTHER_OPEN = "other-open", _("Other (Open)")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Yearly")
        IRREGULAR = "irregular", _("Irregular")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[NAME_RULE])
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("description"), blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("producing agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    tags = models.ManyToManyField(
        "sidata.Tag", verbose_name=_("tags"), blank=True, related_name="+"
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    frequency = models.CharField(
        _("update frequency"), max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("spatial coverage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole province."),
    )
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-modified_at", "-id"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        indexes = [
            models.Index(fields=["state", "modified_at"], name="sidata_dataset_state_mod"),
            models.Index(fields=["state", "agency"], name="sidata_dataset_state_agency"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(temporal_start__isnull=True)
                | models.Q(temporal_end__isnull=True)
                | models.Q(temporal_start__lte=models.F("temporal_end")),
                name="sidata_dataset_temporal_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sidata:dataset", args=[self.name])

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Resource(models.Model):
    """One file or link of a dataset (a CKAN resource)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="resources"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    file = models.FileField(_("file"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    mimetype = models.CharField(_("media type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dataset", "position", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(file="") & models.Q(url=""))
                | (models.Q(file="") & ~models.Q(url="")),
                name="sidata_resource_file_or_url",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_tabular(self) -> bool:
        return bool(self.file) and self.format in ("CSV", "XLSX")
