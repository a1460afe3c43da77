from django.contrib import admin

from .models import PeriodicJob, PeriodicRun, WorkerHeartbeat


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ["key", "schedule", "enabled", "next_due_at", "last_enqueued_at", "last_result"]
    list_filter = ["enabled"]
    search_fields = ["key", "task_path"]
    fields = [
        "key",
        "task_path",
        "schedule",
        "enabled",
        "next_due_at",
        "last_enqueued_at",
        "last_task_id",
        "last_result",
        "last_finished_at",
    ]
    readonly_fields = [f for f in fields if f not in {"enabled", "next_due_at"}]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are registered in code


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "enqueued_at", "task_id"]
    list_filter = ["job"]
    readonly_fields = ["job", "slot", "enqueued_at", "task_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "last_seen_at", "stopped_at"]
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
