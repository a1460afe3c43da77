"""The archive (arsip): documents of the agencies, each a chain of versions (files), filed
under the archive classification (kode klasifikasi arsip) whose retention schedule
(jadwal retensi arsip) says how long they are kept. Public addresses use ``public_id``,
never the sequential ``id`` (no one can walk the ids)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from s2c.core.permissions import Visibility

__all__ = [
    "Access",
    "Classification",
    "ClassificationRule",
    "Disposition",
    "Document",
    "DocumentVersion",
    "RetentionDecision",
]


class Access(models.TextChoices):
    """Who may open a document. Each level but the last is one of core's visibility
    levels, so the one search shows a document to exactly those who may open it."""

    PUBLIC = "public", _("Public")
    PROVINCE = "province", _("Internal to the province")
    AGENCY = "agency", _("Internal to the agency")
    RESTRICTED = "restricted", _("Restricted to named people")


# The search visibility of each level; restricted documents are not in the one search
# (their readers find them in Sidata's own lists).
VISIBILITY = {
    Access.PUBLIC: Visibility.PUBLIC,
    Access.PROVINCE: Visibility.STAFF,
    Access.AGENCY: Visibility.AGENCY,
}


class Disposition(models.TextChoices):
    """What happens to a record at the end of its inactive period (nasib akhir)."""

    DESTROY = "destroy", _("Destroy")
    REVIEW = "review", _("Review")
    PERMANENT = "permanent", _("Keep permanently")


class Classification(models.Model):
    """A code of the archive classification tree (e.g. 000.1.2), with its retention:
    years active (aktif) and inactive (inaktif) and the final disposition. A code without
    its own retention takes its parent's."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active_years = models.PositiveSmallIntegerField(_("years active"), null=True, blank=True)
    inactive_years = models.PositiveSmallIntegerField(_("years inactive"), null=True, blank=True)
    disposition = models.CharField(
        _("final disposition"), max_length=20, choices=Disposition.choices, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("classification code")
        verbose_name_plural = _("classification codes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_years__lte=200) | models.Q(active_years__isnull=True),
                name="sidata_classification_active_years_bounded",
            ),
            models.CheckConstraint(
                condition=models.Q(inactive_years__lte=200) | models.Q(inactive_years__isnull=True),
                name="sidata_classification_inactive_years_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def retention(self) -> tuple[int | None, int | None, str]:
        """(years active, years inactive, disposition), each from the nearest code up the
        tree that sets it (a few levels at most)."""
        active, inactive, disposition = self.active_years, self.inactive_years, self.disposition
        node, seen = self.parent, {self.pk}
        while (
            node is not None
            and node.pk not in seen
            and (active is None or inactive is None or not disposition)
        ):
            seen.add(node.pk)
            active = node.active_years if active is None else active
            inactive = node.inactive_years if inactive is None else inactive
            disposition = disposition or node.disposition
            node = node.parent
        return active, inactive, disposition


class Document(models.Model):
    """A record of an agency: its metadata here, its files in ``versions``."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    classification = models.ForeignKey(
        Classification,
        verbose_name=_("classification code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    tags = models.ManyToManyField(
        "sidata.Tag", verbose_name=_("tags"), blank=True, related_name="+"
    )
    access = models.CharField(
        _("access"), max_length=20, choices=Access.choices, default=Access.AGENCY
    )
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named readers"),
        blank=True,
        related_name="+",
        help_text=_("Who may open a restricted document, besides the person who filed it."),
    )
    related = models.ManyToManyField("self", verbose_name=_("related documents"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # The newest version (set by the services with every upload).
    current = models.ForeignKey(
        "sidata.DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    trashed_at = models.DateTimeField(_("moved to the trash at"), null=True, blank=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    legal_hold_reason = models.TextField(_("reason for the legal hold"), blank=True)
    # The retention schedule's dates (``retention_dates``), kept for the list of what is
    # due: set with the date or classification, and again when a code's schedule changes.
    active_until = models.DateField(_("active until"), null=True, blank=True, editable=False)
    inactive_until = models.DateField(_("inactive until"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(
                fields=["agency", "access", "-created_at"], name="sidata_doc_agency_access"
            ),
            models.Index(fields=["trashed_at"], name="sidata_doc_trashed"),
            models.Index(fields=["active_until"], name="sidata_doc_active_until"),
            models.Index(fields=["inactive_until"], name="sidata_doc_inactive_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(legal_hold=False) | ~models.Q(legal_hold_reason=""),
                name="sidata_document_hold_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sidata:document", args=[self.public_id])

    @property
    def is_public(self) -> bool:
        return self.access == Access.PUBLIC and self.trashed_at is None

    @property
    def year(self) -> int:
        return (self.document_date or timezone.localdate(self.created_at)).year

    def retention_dates(self) -> tuple[dt.date | None, dt.date | None, str]:
        """(end of the active period, end of the inactive period, final disposition),
        counted from the document's date, as its classification's schedule says."""
        if self.classification is None:
            return None, None, ""
        active, inactive, disposition = self.classification.retention()
        start = self.document_date or timezone.localdate(self.created_at)
        active_end = _add_years(start, active) if active is not None else None
        inactive_end = (
            _add_years(active_end, inactive)
            if active_end is not None and inactive is not None
            else None
        )
        return active_end, inactive_end, disposition

    def keep_retention(self) -> None:
        """Set the kept dates from the schedule (the caller saves)."""
        self.active_until, self.inactive_until, _disposition = self.retention_dates()


def _add_years(day: dt.date, years: int) -> dt.date:
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class DocumentVersion(models.Model):
    """One file of a document, never changed once stored: its SHA-256 is re-checked by
    the integrity scan. The text extracted from it (by OCR for scans) is searched."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting for text extraction")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Text extraction failed")

    class Integrity(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Intact")
        CHANGED = "changed", _("Changed since it was stored")
        MISSING = "missing", _("Missing from storage")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.CharField(_("file in storage"), max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("kind of file"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    extraction = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=Extraction.choices,
        default=Extraction.PENDING,
    )
    extraction_error = models.TextField(_("extraction error"), blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(default=0)
    extracted_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    ocr_pages = models.PositiveIntegerField(_("pages read by OCR"), default=0)
    integrity = models.CharField(
        _("integrity"), max_length=20, choices=Integrity.choices, default=Integrity.UNCHECKED
    )
    checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="sidata_version_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["extraction"], name="sidata_version_extraction"),
            models.Index(fields=["integrity"], name="sidata_version_integrity"),
            models.Index(fields=["sha256"], name="sidata_version_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.document} (v{self.number})"


class RetentionDecision(models.Model):
    """What an archivist decided for a document whose active or inactive period ended."""

    class Decision(models.TextChoices):
        MOVE_INACTIVE = "inactive", _("Move to the inactive archive")
        KEEP = "keep", _("Keep longer")
        DESTROY = "destroy", _("Destroy")
        PERMANENT = "permanent", _("Keep permanently (static archive)")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True)
    keep_until = models.DateField(_("keep until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("retention decision")
        verbose_name_plural = _("retention decisions")

    def __str__(self) -> str:
        return f"{self.document}: {self.get_decision_display()}"


class ClassificationRule(models.Model):
    """A rule an archivist writes: a document whose title or text holds every one of
    ``words`` is suggested ``classification`` and ``tags`` (an agency's own rules first,
    then the province's)."""

    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: for every agency."),
    )
    words = models.CharField(
        _("words"), max_length=300, help_text=_("Every one must appear, e.g. “pajak kendaraan”.")
    )
    classification = models.ForeignKey(
        Classification,
        verbose_name=_("classification code"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("suggestion rule")
        verbose_name_plural = _("suggestion rules")

    def __str__(self) -> str:
        return self.words
