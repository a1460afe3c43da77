"""Django admin for Sidata's reference data: the archive classification with its retention
schedule, and the suggestion rules. Documents are filed and changed on the staff pages
(every change audited there)."""

from django.contrib import admin

from s2c.core.admin import AuditedModelAdmin

from . import services
from .models import Classification, ClassificationRule


@admin.register(Classification)
class ClassificationAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "active_years", "inactive_years", "disposition", "is_active"]
    list_filter = ["disposition", "is_active"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # the documents under it (and the codes below) keep their new dates
            services.retention_recompute(classification=obj)


@admin.register(ClassificationRule)
class ClassificationRuleAdmin(AuditedModelAdmin):
    list_display = ["words", "agency", "classification", "tags", "order"]
    list_filter = ["agency"]
    search_fields = ["words", "tags"]
    autocomplete_fields = ["classification"]
