"""A citizen's report, its timeline, its files and its supporters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Boolean filters are written `flag__in=YES` (SQL `flag IN (true)`): SQLite walks an index
# for that, but not for the bare `WHERE flag` that Django writes for `flag=True`.
YES = (True,)


class Complaint(models.Model):
    """One report (pengaduan, aspirasi or permintaan informasi) from its receipt to its
    closing. Its state changes only through ``s2c.care.services.workflow``."""

    class Kind(models.TextChoices):
        PENGADUAN = "pengaduan", _("Complaint (pengaduan)")
        ASPIRASI = "aspirasi", _("Suggestion (aspirasi)")
        INFORMASI = "informasi", _("Information request")

    class Privacy(models.TextChoices):
        PUBLIC = "public", _("Public")
        RAHASIA = "rahasia", _("Confidential (rahasia)")
        ANONIM = "anonim", _("Anonymous (anonim)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        VERIFIED = "verified", _("Verified")
        DISPOSITIONED = "dispositioned", _("Sent to agency")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        NOT_AUTHORITY = "not_authority", _("Not the province's authority")
        MERGED = "merged", _("Merged into another report")

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        API = "api", _("S2C API")
        OPEN311 = "open311", _("Open311 app")
        DEMO = "demo", _("Demo data")

    # Statuses in which staff still have to act (the inbox's "open").
    OPEN_STATUSES = frozenset({"received", "verified", "dispositioned", "in_progress"})
    # Statuses in which a non-confidential report is listed publicly.
    LISTED_STATUSES = frozenset({"verified", "dispositioned", "in_progress", "completed", "closed"})
    # Statuses waiting for the province's verifiers.
    VERIFIER_STATUSES = frozenset({"received", "verified"})
    # Statuses in which the responsible agency works on the report.
    AGENCY_STATUSES = frozenset({"dispositioned", "in_progress"})

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        "care.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    # A verifier's redacted public version; empty means the original, masked.
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    public_description = models.TextField(_("public description"), blank=True)
    privacy = models.CharField(_("privacy"), max_length=10, choices=Privacy.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    is_open = models.BooleanField(default=True, editable=False)
    is_listed = models.BooleanField(default=False, editable=False)

    # Foreign keys covered by a composite index below (or never filtered on) skip their
    # own index: a million rows pay for every index on each insert.
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    suggested_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency suggested by the reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_complaints",
        db_index=False,
    )
    related_agencies = models.ManyToManyField(
        "core.Agency", verbose_name=_("related agencies"), blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The reporter's identity: shown only to those ``roles.can_see_identity`` allows.
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    reporter_name = models.CharField(_("name"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("email"), blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(max_length=8, default="id")
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    submission_token = models.CharField(max_length=32, unique=True, editable=False)

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    api_key = models.ForeignKey(
        "care.ApiKey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    attributes = models.JSONField(default=dict, blank=True)
    media_url = models.URLField(max_length=500, blank=True)

    deadline = models.DateField(_("deadline"), null=True, blank=True)
    followup_due = models.DateField(null=True, blank=True)
    resolve_due = models.DateField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    public_updated_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    dispositioned_at = models.DateTimeField(null=True, blank=True)
    first_followup_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Durations fixed when the step happens, for the statistics.
    followup_hours = models.FloatField(null=True, blank=True)
    followup_working_days = models.IntegerField(null=True, blank=True)
    followup_on_time = models.BooleanField(null=True, blank=True)
    completion_hours = models.FloatField(null=True, blank=True)
    completion_working_days = models.IntegerField(null=True, blank=True)
    completion_on_time = models.BooleanField(null=True, blank=True)

    status_reason = models.TextField(_("reason"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    return_count = models.PositiveSmallIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    supporters_count = models.PositiveIntegerField(_("supporters"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            # The agency inbox: open items of an agency by deadline (overdue first).
            models.Index(fields=["agency", "is_open", "deadline"], name="care_inbox_idx"),
            models.Index(fields=["agency", "status", "deadline"], name="care_agency_status_idx"),
            # Verifier queue, overdue checks and overdue counts.
            models.Index(fields=["status", "deadline"], name="care_status_deadline_idx"),
            models.Index(fields=["is_open", "deadline"], name="care_open_deadline_idx"),
            # The public map (bbox) and "similar reports nearby".
            # Covering: the box is filtered and sorted by age inside the index.
            models.Index(
                fields=["is_listed", "is_open", "latitude", "longitude", "created_at", "id"],
                name="care_map_idx",
            ),
            # Public list and feeds.
            models.Index(fields=["is_listed", "created_at"], name="care_public_new_idx"),
            models.Index(fields=["is_listed", "public_updated_at"], name="care_public_upd_idx"),
            models.Index(fields=["agency", "is_listed", "created_at"], name="care_agency_new_idx"),
            models.Index(fields=["region", "is_listed", "created_at"], name="care_region_new_idx"),
            # Statistics refresh: months by receipt, rows changed since the last refresh.
            models.Index(fields=["created_at"], name="care_created_idx"),
            models.Index(fields=["updated_at"], name="care_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="care_complaint_rating_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="care_complaint_not_merged_into_self",
            ),
            models.CheckConstraint(
                condition=models.Q(return_count__lte=1), name="care_complaint_return_once"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="care_complaint_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="care_complaint_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def get_absolute_url(self) -> str:
        return reverse("care:public-detail", args=[self.tracking_number])

    def sync_flags(self) -> None:
        """Derive the indexed flags from the status and privacy."""
        self.is_open = self.status in self.OPEN_STATUSES
        self.is_listed = (
            self.privacy != self.Privacy.RAHASIA and self.status in self.LISTED_STATUSES
        )

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_anonymous(self) -> bool:
        return self.privacy == self.Privacy.ANONIM

    @property
    def is_confidential(self) -> bool:
        return self.privacy == self.Privacy.RAHASIA


class ComplaintEvent(models.Model):
    """One entry of a report's timeline: a transition, a reply or an internal note."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Report received")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        NOT_AUTHORITY = "not_authority", _("Not the province's authority")
        DISPOSITIONED = "dispositioned", _("Sent to the responsible agency")
        RETURNED = "returned", _("Returned to the verifier")
        ASSIGNED = "assigned", _("Assigned to an officer")
        FOLLOWUP = "followup", _("First follow-up")
        UPDATE = "update", _("Progress update")
        NOTE = "note", _("Internal note")
        COMPLETED = "completed", _("Completed")
        REOPENED = "reopened", _("Reopened by the reporter")
        RATED = "rated", _("Rated by the reporter")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged")
        REDACTED = "redacted", _("Public text redacted")
        REPORTER_REPLY = "reporter_reply", _("Reply from the reporter")
        REMINDER = "reminder", _("Deadline reminder")
        ESCALATED = "escalated", _("Escalated to the province supervisor")

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        VERIFIER = "verifier", _("Province verifier")
        SUPERVISOR = "supervisor", _("Province supervisor")
        AGENCY = "agency", _("Agency")
        SYSTEM = "system", _("System")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", db_index=False
    )  # care_event_timeline_idx starts with it
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(max_length=12, choices=Role.choices)
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [models.Index(fields=["complaint", "at"], name="care_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A photo or document stored through ``s2c.core.uploads``."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        ComplaintEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(default=True)
    uploaded_by_role = models.CharField(max_length=12, choices=ComplaintEvent.Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Support(models.Model):
    """A citizen's +1 on a report (keyed by a hash of the account or the device)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="supports")
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "key_hash"], name="care_support_once")
        ]

    def __str__(self) -> str:
        return f"+1 {self.complaint_id}"


class TrackingCounter(models.Model):
    """The last tracking number issued per year; the row is locked while allocating."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tracking counter")
        verbose_name_plural = _("tracking counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
