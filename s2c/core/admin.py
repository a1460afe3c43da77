"""The Django admin (/django-admin/): core's models, every change written to the audit log.

Services that register their own models should subclass ``AuditedModelAdmin`` (or mix it
into their admin class) so that changes made here are audited like their own writes::

    from s2c.core.admin import AuditedModelAdmin

    @admin.register(Service)
    class ServiceAdmin(AuditedModelAdmin):
        ...
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from . import audit, permissions
from .forms import AdminSignInForm
from .models import Agency, AuditEntry, JointLeaveDay, Membership, Region, User

admin.site.site_header = _("S2C administration")
admin.site.site_title = _("S2C administration")
admin.site.index_title = _("Data administration")
# The staff sign-in's lockout on django-admin's sign-in too (one count per username and
# address, whichever door is tried).
admin.site.login_form = AdminSignInForm


def _action(obj: models.Model, verb: str) -> str:
    return f"admin.{obj._meta.label_lower}.{verb}"[:50]


def _current(obj: models.Model) -> dict | None:
    """The row as stored (the form changes ``obj`` in memory before it is saved; and read
    back, values are in the database's form, so before and after compare alike)."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return audit.snapshot(stored) if stored is not None else None


class ProvinceAdminAccess:
    """Province administrators (Diskominfo) may use these admin pages without being
    Django superusers; everyone else needs Django's own permissions."""

    def has_module_permission(self, request):
        return permissions.is_province_admin(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _allowed(request, super().has_view_permission, obj)

    def has_add_permission(self, request, *args):
        return _allowed(request, super().has_add_permission, *args)

    def has_change_permission(self, request, obj=None):
        return _allowed(request, super().has_change_permission, obj)

    def has_delete_permission(self, request, obj=None):
        return _allowed(request, super().has_delete_permission, obj)


def _allowed(request, django_check, *args) -> bool:
    return permissions.is_province_admin(request.user) or django_check(request, *args)


class AuditedModelAdmin(ProvinceAdminAccess, admin.ModelAdmin):
    """Writes an audit entry for each create, change and delete made through the admin,
    inline rows included, with before/after snapshots of the changed fields."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = _current(obj) if change else None
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action=_action(obj, "update" if change else "create"),
                obj=obj,
                before=before,
                after=_current(obj),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._record_delete(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            before = {
                f.instance.pk: _current(f.instance)
                for f in formset.initial_forms
                if f.instance.pk is not None
            }
            for deleted in formset.deleted_forms:
                if deleted.instance.pk in before:
                    self._record_delete(request, deleted.instance, before[deleted.instance.pk])
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit.record(
                    actor=request.user,
                    action=_action(obj, "create"),
                    obj=obj,
                    before=None,
                    after=_current(obj),
                )
            for obj, _fields in formset.changed_objects:
                audit.record(
                    actor=request.user,
                    action=_action(obj, "update"),
                    obj=obj,
                    before=before.get(obj.pk),
                    after=_current(obj),
                )

    def _record_delete(self, request, obj, before: dict | None = None) -> None:
        audit.record(
            actor=request.user,
            action=_action(obj, "delete"),
            obj=obj,
            object_id=obj.pk,
            before=before or audit.snapshot(obj),
            after=None,
        )


class MembershipInline(ProvinceAdminAccess, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "title", "is_active"]


class AgencyMembershipInline(MembershipInline):
    autocomplete_fields = ["user"]
    fields = ["user", "role", "title", "is_active"]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "kind", "capital"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "capital"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["short_name", "name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["code", "short_name", "name", "name_en"]
    autocomplete_fields = ["parent", "region"]
    prepopulated_fields = {"code": ["short_name"]}
    inlines = [AgencyMembershipInline]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_province_admin", "is_active"]
    list_filter = ["is_province_admin", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "full_name", "email", "nip"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("S2C"),
            {"fields": ["full_name", "phone", "nip", "is_province_admin", "preferred_language"]},
        ),
    )
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:  # a province admin cannot make superusers
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "agency", "role", "title", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "agency__short_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(JointLeaveDay)
class JointLeaveDayAdmin(AuditedModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ProvinceAdminAccess, admin.ModelAdmin):
    """Read-only: the log is append-only (the model and database triggers refuse changes)."""

    list_display = ["at", "actor_repr", "action", "object_type", "object_repr", "agency"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_repr", "action", "object_type", "object_id", "object_repr"]
    date_hierarchy = "at"
    list_select_related = ["agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
