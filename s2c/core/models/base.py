"""The shared kernel's data: regions, agencies (OPD), people and roles, the audit log,
the working-day calendar's joint leave days, the search index and notifications."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A kabupaten or kota of Sumatera Selatan, with its Kemendagri code."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True)
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_(
            "People living in the region (census). Lists of offices show the offices of "
            "the most populous regions first."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        prefix = "Kota" if self.kind == self.Kind.KOTA else "Kabupaten"
        return f"{prefix} {self.name}"


class Agency(models.Model):
    """A provincial agency (OPD: organisasi perangkat daerah)."""

    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        BIRO = "biro", _("Biro")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        SATUAN = "satuan", _("Satuan")
        RSUD = "rsud", _("Rumah sakit daerah (RSUD)")
        UPTD = "uptd", _("Unit pelaksana teknis daerah (UPTD)")
        OTHER = "lainnya", _("Lainnya")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    mandate = models.TextField(_("mandate"), blank=True)
    head_name = models.CharField(_("head"), max_length=150, blank=True)
    head_title = models.CharField(_("head's title"), max_length=150, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website_domain = models.CharField(_("website domain"), max_length=253, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    logo = models.ImageField(_("logo"), upload_to="agency-logos/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency (OPD)")
        verbose_name_plural = _("agencies (OPD)")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="agency_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Everyone who signs in: citizens (optional accounts), agency staff, and the
    province's administrators (Diskominfo). Roles in agencies live in Membership."""

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    is_province_admin = models.BooleanField(
        _("province administrator"),
        default=False,
        help_text=_("Diskominfo administrators: manage every agency and service."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="id",
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Membership(models.Model):
    """A staff member's role in one agency. A person may belong to several agencies."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Officer")
        HEAD = "head", _("Head of agency")
        ADMIN = "admin", _("Agency administrator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    title = models.CharField(_("position"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.short_name}"


class AuditEntry(models.Model):
    """One staff write: who, when, what, before and after. Append-only: the model refuses
    updates and deletes, and database triggers refuse them too."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=50, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class JointLeaveDay(models.Model):
    """A cuti bersama (joint leave) or other province-declared non-working day, on top of
    the national public holidays."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("joint leave day (cuti bersama)")
        verbose_name_plural = _("joint leave days (cuti bersama)")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
