"""Django admin for the province's reference data of Sumsel Care: categories with their
deadlines and questions, care roles, and a read-only view of the Open311 keys (issued and
revoked on the staff page, where a new key is shown once)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from s2c.core.admin import AuditedModelAdmin

from . import services
from .models import ApiKey, CareRole, Category, CategoryAttribute


class CategoryAttributeInline(admin.TabularInline):
    model = CategoryAttribute
    extra = 0
    fields = [
        "code",
        "datatype",
        "required",
        "description",
        "datatype_description",
        "values",
        "order",
    ]


@admin.register(Category)
class CategoryAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "code",
        "agency",
        "verify_days",
        "followup_days",
        "resolve_days",
        "reopen_days",
        "escalation_days",
        "requires_evidence",
        "is_active",
    ]
    list_filter = ["is_active", "requires_evidence", "group"]
    search_fields = ["name", "name_en", "code", "keywords"]
    autocomplete_fields = ["agency"]
    inlines = [CategoryAttributeInline]


@admin.register(CareRole)
class CareRoleAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "owner", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = [
        "name",
        "owner",
        "contact_email",
        "prefix",
        "is_active",
        "created_by",
        "created_at",
        "revoked_at",
        "last_used_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # issued on /staf/care/kunci-api/, where the key is shown once

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for key in queryset.filter(is_active=True):
            services.api_key_revoke(by=request.user, api_key=key)
        messages.success(request, _("The selected keys are revoked."))
